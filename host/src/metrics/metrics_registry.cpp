#include "metrics/metrics_registry.hpp"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace govsync::host {
namespace {

std::string escape_label_value(const std::string& value) {
  std::string escaped;
  escaped.reserve(value.size());
  for (const char c : value) {
    if (c == '\\') {
      escaped += "\\\\";
    } else if (c == '"') {
      escaped += "\\\"";
    } else if (c == '\n') {
      escaped += "\\n";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

std::string number(double value) {
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (std::isnan(value)) return "NaN";
  return fmt::format("{}", value);
}

std::string braces(const std::string& labels) { return labels.empty() ? "" : "{" + labels + "}"; }

std::string_view type_name(MetricType type) {
  switch (type) {
    case MetricType::counter:
      return "counter";
    case MetricType::gauge:
      return "gauge";
    case MetricType::histogram:
      return "histogram";
  }
  return "untyped";
}

}  // namespace

std::string render_labels(const Labels& labels) {
  std::string text;
  for (const auto& [name, value] : labels) {
    text += (text.empty() ? "" : ",") + name + "=\"" + escape_label_value(value) + "\"";
  }
  return text;
}

void MetricsRegistry::declare(const std::string& name, MetricType type, const std::string& help,
                              std::vector<double> buckets) {
  std::lock_guard lock(mutex_);
  auto& f = families_[name];
  f.type = type;
  f.help = help;
  f.bounds = std::move(buckets);
}

MetricsRegistry::Family& MetricsRegistry::family(const std::string& name) {
  const auto it = families_.find(name);
  if (it == families_.end()) throw std::logic_error("metric " + name + " was not declared");
  return it->second;
}

void MetricsRegistry::add(const std::string& name, const Labels& labels, double delta) {
  std::lock_guard lock(mutex_);
  family(name).series[render_labels(labels)].value += delta;
}

void MetricsRegistry::set(const std::string& name, const Labels& labels, double value) {
  std::lock_guard lock(mutex_);
  family(name).series[render_labels(labels)].value = value;
}

void MetricsRegistry::observe(const std::string& name, const Labels& labels, double value) {
  std::lock_guard lock(mutex_);
  auto& f = family(name);
  auto& s = f.series[render_labels(labels)];
  s.buckets.resize(f.bounds.size());
  for (std::size_t i = 0; i < f.bounds.size(); ++i) {
    if (value <= f.bounds[i]) ++s.buckets[i];
  }
  s.value += value;
  ++s.count;
}

void MetricsRegistry::clear(const std::string& name) {
  std::lock_guard lock(mutex_);
  family(name).series.clear();
}

std::string MetricsRegistry::render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [name, f] : families_) {
    out += "# HELP " + name + " " + f.help + "\n# TYPE " + name + " " + std::string(type_name(f.type)) + "\n";
    for (const auto& [labels, s] : f.series) {
      if (f.type != MetricType::histogram) {
        out += name + braces(labels) + " " + number(s.value) + "\n";
        continue;
      }
      const std::string prefix = labels.empty() ? "" : labels + ",";
      for (std::size_t i = 0; i < f.bounds.size(); ++i) {
        out += name + "_bucket{" + prefix + "le=\"" + number(f.bounds[i]) + "\"} " +
               std::to_string(i < s.buckets.size() ? s.buckets[i] : 0) + "\n";
      }
      out += name + "_bucket{" + prefix + "le=\"+Inf\"} " + std::to_string(s.count) + "\n";
      out += name + "_sum" + braces(labels) + " " + number(s.value) + "\n";
      out += name + "_count" + braces(labels) + " " + std::to_string(s.count) + "\n";
    }
  }
  return out;
}

}  // namespace govsync::host
