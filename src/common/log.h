// Structured logging: one line per event, key=value pairs after a message, on
// standard error. A thin layer over spdlog so that the rest of the code does not
// depend on it and the format stays the same everywhere.
#ifndef OPENWSUS_COMMON_LOG_H_
#define OPENWSUS_COMMON_LOG_H_

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace openwsus::log {

using Field = std::pair<std::string_view, std::string>;

void Info(std::string_view message, std::initializer_list<Field> fields = {});
void Warn(std::string_view message, std::initializer_list<Field> fields = {});
void Error(std::string_view message, std::initializer_list<Field> fields = {});

// Silences Info (tests and scripted CLI runs).
void SetQuiet(bool quiet);

}  // namespace openwsus::log

#endif  // OPENWSUS_COMMON_LOG_H_
