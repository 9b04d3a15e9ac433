#include "common/log.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>

namespace openwsus::log {
namespace {

std::atomic<bool> quiet{false};

spdlog::logger& Logger() {
  static auto logger = [] {
    auto l = spdlog::stderr_logger_mt("openwsus");
    l->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ level=%l %v", spdlog::pattern_time_type::utc);
    l->flush_on(spdlog::level::info);
    return l;
  }();
  return *logger;
}

// Values with spaces or quotes are quoted so that a line stays machine-splittable.
std::string Format(std::string_view message, std::initializer_list<Field> fields) {
  std::string line = "msg=\"";
  line += message;
  line += '"';
  for (const auto& [key, value] : fields) {
    line += ' ';
    line += key;
    line += '=';
    bool quote = value.empty() || value.find_first_of(" \"=") != std::string::npos;
    if (quote) line += '"';
    for (char c : value) {
      if (c == '"') line += '\\';
      line += c;
    }
    if (quote) line += '"';
  }
  return line;
}

}  // namespace

void Info(std::string_view message, std::initializer_list<Field> fields) {
  if (!quiet) Logger().info(Format(message, fields));
}
void Warn(std::string_view message, std::initializer_list<Field> fields) { Logger().warn(Format(message, fields)); }
void Error(std::string_view message, std::initializer_list<Field> fields) { Logger().error(Format(message, fields)); }
void SetQuiet(bool q) { quiet = q; }

}  // namespace openwsus::log
