#include "app/server_config.h"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "app/data_dir.h"
#include "common/file_util.h"

namespace openwsus::app {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr uint64_t kMaxPort = 65535;
constexpr double kMaxTimeoutSeconds = 24 * 60 * 60;

const char* const kKnownKeys[] = {
    "bind_address",
    "http_port",
    "https_port",
    "tls_cert_file",
    "tls_key_file",
    "max_body_bytes",
    "max_header_bytes",
    "max_connections",
    "io_threads",
    "read_timeout_seconds",
    "idle_timeout_seconds",
    "shutdown_timeout_seconds",
    "sync_page_size",
    "snapshot_poll_seconds",
    "client_write_timeout_seconds",
    "handler_threads",
};

std::string KnownKeys() {
  std::string out;
  for (const char* key : kKnownKeys) {
    if (!out.empty()) out += ", ";
    out += key;
  }
  return out;
}

Status WrongValue(std::string_view key, std::string_view expected, const json& value) {
  return Status::InvalidArgument("key '" + std::string(key) + "' must be " + std::string(expected) + ", not " +
                                 value.dump());
}

Result<uint64_t> ReadInteger(std::string_view key, const json& value, uint64_t min, uint64_t max,
                             std::string_view expected) {
  if (value.is_number_unsigned()) {
    uint64_t n = value.get<uint64_t>();
    if (n >= min && n <= max) return n;
  }
  return WrongValue(key, expected, value);
}

Result<std::chrono::milliseconds> ReadSeconds(std::string_view key, const json& value, bool zero_ok) {
  if (value.is_number()) {
    double seconds = value.get<double>();
    if (std::isfinite(seconds) && (seconds > 0 || (zero_ok && seconds == 0)) && seconds <= kMaxTimeoutSeconds) {
      return std::chrono::milliseconds(static_cast<int64_t>(std::llround(seconds * 1000)));
    }
  }
  return WrongValue(key, zero_ok ? "a number of seconds, 0 to 86400" : "a number of seconds, above 0 and up to 86400",
                    value);
}

Result<std::string> ReadString(std::string_view key, const json& value) {
  if (value.is_string() && !value.get<std::string>().empty()) return value.get<std::string>();
  return WrongValue(key, "a non-empty string", value);
}

std::string ResolvePath(const std::string& path, const std::string& base_dir) {
  if (path.empty() || fs::path(path).is_absolute() || base_dir.empty()) return path;
  return (fs::path(base_dir) / path).lexically_normal().string();
}

// A flag's integer, strictly: digits only, within [min, max].
Result<uint64_t> ParseFlagInteger(std::string_view flag, const std::string& text, uint64_t min, uint64_t max) {
  uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return Status::InvalidArgument(std::string(flag) + " must be an integer from " + std::to_string(min) + " to " +
                                   std::to_string(max) + ", not '" + text + "'");
  }
  return value;
}

// A configuration file that cannot be read is the administrator's argument
// error (exit code 2), not an I/O failure of the server.
Result<std::string> ReadConfigFile(const std::string& path) {
  auto text = ReadFileToString(path);
  if (!text.ok()) return Status::InvalidArgument("cannot read config file " + path);
  return text;
}

}  // namespace

Status ServerConfig::ApplyJson(std::string_view json_text, const std::string& source, const std::string& base_dir) {
  json doc;
  try {
    doc = json::parse(json_text);
  } catch (const json::exception& e) {
    return Status::InvalidArgument("config file " + source + " is not valid JSON: " + e.what());
  }
  if (!doc.is_object()) {
    return Status::InvalidArgument("config file " + source + " must hold a JSON object");
  }
  auto apply = [&](const std::string& key, const json& value) -> Status {
    if (key == "bind_address") {
      OW_ASSIGN_OR_RETURN(http.bind_address, ReadString(key, value));
    } else if (key == "http_port" || key == "https_port") {
      OW_ASSIGN_OR_RETURN(uint64_t port, ReadInteger(key, value, 0, kMaxPort, "an integer from 0 to 65535"));
      (key == "http_port" ? http.http_port : http.https_port) = static_cast<int>(port);
    } else if (key == "tls_cert_file") {
      OW_ASSIGN_OR_RETURN(std::string path, ReadString(key, value));
      http.tls_cert_file = ResolvePath(path, base_dir);
    } else if (key == "tls_key_file") {
      OW_ASSIGN_OR_RETURN(std::string path, ReadString(key, value));
      http.tls_key_file = ResolvePath(path, base_dir);
    } else if (key == "max_body_bytes") {
      OW_ASSIGN_OR_RETURN(http.max_body_bytes, ReadInteger(key, value, 1, UINT64_MAX, "a positive integer"));
    } else if (key == "max_header_bytes") {
      // The parser's header limit is 32-bit; a request line alone needs ~1 KiB.
      OW_ASSIGN_OR_RETURN(http.max_header_bytes,
                          ReadInteger(key, value, 1024, UINT32_MAX, "an integer from 1024 to 4294967295"));
    } else if (key == "max_connections") {
      OW_ASSIGN_OR_RETURN(http.max_connections, ReadInteger(key, value, 1, UINT32_MAX, "a positive integer"));
    } else if (key == "io_threads") {
      OW_ASSIGN_OR_RETURN(uint64_t threads, ReadInteger(key, value, 0, 1024, "an integer from 0 to 1024"));
      http.io_threads = static_cast<unsigned>(threads);
    } else if (key == "handler_threads") {
      OW_ASSIGN_OR_RETURN(uint64_t threads, ReadInteger(key, value, 0, 4096, "an integer from 0 to 4096"));
      http.handler_threads = static_cast<unsigned>(threads);
    } else if (key == "read_timeout_seconds") {
      OW_ASSIGN_OR_RETURN(http.read_timeout, ReadSeconds(key, value, false));
    } else if (key == "idle_timeout_seconds") {
      OW_ASSIGN_OR_RETURN(http.idle_timeout, ReadSeconds(key, value, false));
    } else if (key == "shutdown_timeout_seconds") {
      OW_ASSIGN_OR_RETURN(http.shutdown_timeout, ReadSeconds(key, value, true));
    } else if (key == "sync_page_size") {
      OW_ASSIGN_OR_RETURN(sync_page_size, ReadInteger(key, value, 1, 1000, "an integer from 1 to 1000"));
    } else if (key == "snapshot_poll_seconds") {
      OW_ASSIGN_OR_RETURN(snapshot_poll_interval, ReadSeconds(key, value, false));
    } else if (key == "client_write_timeout_seconds") {
      OW_ASSIGN_OR_RETURN(client_write_timeout, ReadSeconds(key, value, false));
    } else {
      return Status::InvalidArgument("unknown key '" + key + "' (known keys: " + KnownKeys() + ")");
    }
    return Status::Ok();
  };
  for (const auto& [key, value] : doc.items()) {
    OW_RETURN_IF_ERROR(apply(key, value).WithContext("config file " + source));
  }
  return Status::Ok();
}

Status ServerConfig::ApplyFlags(const ServerFlags& flags) {
  if (flags.http_port) {
    OW_ASSIGN_OR_RETURN(uint64_t port, ParseFlagInteger("--http-port", *flags.http_port, 0, kMaxPort));
    http.http_port = static_cast<int>(port);
  }
  if (flags.https_port) {
    OW_ASSIGN_OR_RETURN(uint64_t port, ParseFlagInteger("--https-port", *flags.https_port, 0, kMaxPort));
    http.https_port = static_cast<int>(port);
  }
  if (flags.bind_address) {
    if (flags.bind_address->empty()) return Status::InvalidArgument("--bind must not be empty");
    http.bind_address = *flags.bind_address;
  }
  // Flag paths are relative to the working directory, as a shell user expects.
  if (flags.tls_cert_file) http.tls_cert_file = *flags.tls_cert_file;
  if (flags.tls_key_file) http.tls_key_file = *flags.tls_key_file;
  if (flags.max_body_bytes) {
    OW_ASSIGN_OR_RETURN(http.max_body_bytes,
                        ParseFlagInteger("--max-body-bytes", *flags.max_body_bytes, 1, UINT64_MAX));
  }
  return Status::Ok();
}

Status ServerConfig::Validate() const {
  if (http.tls_cert_file.empty() != http.tls_key_file.empty()) {
    return Status::InvalidArgument(
        "a TLS certificate and its key go together: set both --tls-cert and --tls-key "
        "(tls_cert_file and tls_key_file in the config file) or neither");
  }
  bool tls = !http.tls_cert_file.empty();
  if (tls && http.http_port != 0 && http.http_port == http.https_port) {
    return Status::InvalidArgument("the HTTP and HTTPS ports must differ (both are " + std::to_string(http.http_port) +
                                   ")");
  }
  return Status::Ok();
}

Result<ServerConfig> ServerConfig::Load(const GlobalOptions& globals, const ServerFlags& flags) {
  ServerConfig config;
  std::string path = globals.config_file;
  if (path.empty()) {
    DataDir data_dir(globals.data_dir.empty() ? DataDir::DefaultRoot() : globals.data_dir);
    std::error_code ec;
    if (fs::exists(data_dir.config_path(), ec)) path = data_dir.config_path();
  } else if (std::error_code ec; !fs::exists(path, ec)) {
    return Status::InvalidArgument("config file " + path + " does not exist");
  }
  if (!path.empty()) {
    OW_ASSIGN_OR_RETURN(std::string text, ReadConfigFile(path));
    std::string base_dir = fs::absolute(fs::path(path)).parent_path().string();
    OW_RETURN_IF_ERROR(config.ApplyJson(text, path, base_dir));
  }
  OW_RETURN_IF_ERROR(config.ApplyFlags(flags));
  OW_RETURN_IF_ERROR(config.Validate());
  return config;
}

}  // namespace openwsus::app
