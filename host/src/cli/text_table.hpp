#pragma once
// Plain aligned text tables for terminal output.

#include <ostream>
#include <string>
#include <vector>

namespace govsync::host {

/// Prints the header and rows with columns padded to their widest cell
/// (counted in code points); the last column is not padded.
void print_text_table(std::ostream& out, const std::vector<std::string>& header,
                      const std::vector<std::vector<std::string>>& rows);

}  // namespace govsync::host
