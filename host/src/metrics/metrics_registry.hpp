#pragma once
// Counters, gauges and histograms with labels, rendered in the Prometheus
// text exposition format (version 0.0.4). Thread-safe.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace govsync::host {

/// Label names and values, in the order they are rendered.
using Labels = std::vector<std::pair<std::string, std::string>>;

enum class MetricType { counter, gauge, histogram };

class MetricsRegistry {
 public:
  /// Declares a metric family; every other call names a declared family.
  void declare(const std::string& name, MetricType type, const std::string& help, std::vector<double> buckets = {});
  /// Adds to a counter (or a gauge).
  void add(const std::string& name, const Labels& labels, double delta);
  /// Sets a gauge.
  void set(const std::string& name, const Labels& labels, double value);
  /// Records one observation in a histogram.
  void observe(const std::string& name, const Labels& labels, double value);
  /// Forgets every series of a family (for gauges rebuilt as a whole).
  void clear(const std::string& name);

  /// The text exposition of every family, in name order.
  std::string render() const;

 private:
  struct Series {
    double value = 0;                    // counter or gauge; histogram sum
    std::uint64_t count = 0;             // histogram observations
    std::vector<std::uint64_t> buckets;  // histogram: observations <= each bound
  };
  struct Family {
    MetricType type = MetricType::counter;
    std::string help;
    std::vector<double> bounds;
    std::map<std::string, Series> series;  // by rendered label text
  };
  Family& family(const std::string& name);

  mutable std::mutex mutex_;
  std::map<std::string, Family> families_;
};

/// `name="value",...` with values escaped as the exposition format wants.
std::string render_labels(const Labels& labels);

}  // namespace govsync::host
