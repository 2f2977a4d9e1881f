#include <algorithm>

#include "db/bound_statement.hpp"
#include "writer/row_sink.hpp"
#include "writer/upsert_sql.hpp"

namespace govsync::host {
namespace {

// Both PostgreSQL (65535) and SQLite (32766) accept this many parameters per statement.
constexpr std::size_t kMaxParameters = 30000;
constexpr std::size_t kMaxBatchRows = 500;

class BoundBatchSink final : public RowSink {
 public:
  BoundBatchSink(Poco::Data::Session& session, UpsertShape shape) : session_(session), shape_(std::move(shape)) {}

  void write(const std::vector<Value>& prefix, std::vector<Value>& values, std::size_t width) override {
    const std::size_t rows = values.size() / width;
    const std::size_t per_statement =
        std::max<std::size_t>(1, std::min(kMaxBatchRows, kMaxParameters / shape_.columns.size()));
    std::vector<Value> parameters;
    for (std::size_t first = 0; first < rows; first += per_statement) {
      const std::size_t count = std::min(per_statement, rows - first);
      parameters.clear();
      parameters.reserve(count * (prefix.size() + width));
      for (std::size_t r = first; r < first + count; ++r) {
        parameters.insert(parameters.end(), prefix.begin(), prefix.end());
        for (std::size_t c = 0; c < width; ++c) parameters.push_back(std::move(values[r * width + c]));
      }
      execute_bound(session_, build_upsert_sql(shape_.table, shape_.columns, shape_.conflict, count), parameters);
    }
  }

 private:
  Poco::Data::Session& session_;
  UpsertShape shape_;
};

}  // namespace

std::unique_ptr<RowSink> make_bound_batch_sink(Poco::Data::Session& session, UpsertShape shape) {
  return std::make_unique<BoundBatchSink>(session, std::move(shape));
}

}  // namespace govsync::host
