#include "cli/connection_settings.h"

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "common/file_util.h"

namespace openwsus::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// The JSON object in `path`, or nullopt when the file does not exist.
Result<std::optional<json>> ReadJsonObject(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return std::optional<json>();
  OW_ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded() || !value.is_object()) {
    return Status::InvalidArgument(path + " is not a JSON object");
  }
  return std::optional<json>(std::move(value));
}

// A string member of `object`, "" when absent or null; an error for another type.
Result<std::string> StringMember(const json& object, const char* key, const std::string& path) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::string();
  if (!it->is_string()) return Status::InvalidArgument(path + ": \"" + key + "\" must be a string");
  return it->get<std::string>();
}

}  // namespace

std::string CliConfigPath(const std::string& data_dir) { return data_dir + "/cli.json"; }

GetEnvFn ProcessEnvironment() {
  return [](const char* name) -> std::optional<std::string> {
    const char* value = std::getenv(name);
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

Status ConnectionSettings::CheckComplete() const {
  if (server.empty()) {
    return Status::FailedPrecondition(
        "no server to talk to: pass --server URL (e.g. http://wsus.example:8530), set OPENWSUS_SERVER, "
        "put {\"server\": \"...\"} in " +
        CliConfigPath(data_dir) + ", or start `openwsus serve` on this data directory");
  }
  if (token.empty()) {
    return Status::Unauthenticated(
        "no API token: create one on the server's data directory with `openwsus token create --role "
        "administrator`, then pass it with --token, set OPENWSUS_TOKEN, or put {\"token\": \"...\"} in " +
        CliConfigPath(data_dir));
  }
  return Status::Ok();
}

Result<ConnectionSettings> ResolveConnectionSettings(const ConnectionFlags& flags, const GetEnvFn& getenv,
                                                     const std::string& data_dir) {
  ConnectionSettings settings;
  settings.data_dir = data_dir;
  auto take = [](std::string* field, std::string* source, const std::string& value, const std::string& from) {
    if (field->empty() && !value.empty()) {
      *field = value;
      if (source != nullptr) *source = from;
    }
  };
  take(&settings.server, &settings.server_source, flags.server, "--server");
  take(&settings.token, &settings.token_source, flags.token, "--token");
  take(&settings.ca_file, nullptr, flags.ca_file, "--ca-file");

  auto env = [&](const char* name) { return getenv(name).value_or(""); };
  take(&settings.server, &settings.server_source, env("OPENWSUS_SERVER"), "OPENWSUS_SERVER");
  take(&settings.token, &settings.token_source, env("OPENWSUS_TOKEN"), "OPENWSUS_TOKEN");
  take(&settings.ca_file, nullptr, env("OPENWSUS_CA_FILE"), "OPENWSUS_CA_FILE");

  std::string config_path = CliConfigPath(data_dir);
  OW_ASSIGN_OR_RETURN(auto config, ReadJsonObject(config_path));
  if (config) {
    OW_ASSIGN_OR_RETURN(std::string server, StringMember(*config, "server", config_path));
    OW_ASSIGN_OR_RETURN(std::string token, StringMember(*config, "token", config_path));
    OW_ASSIGN_OR_RETURN(std::string ca_file, StringMember(*config, "ca_file", config_path));
    take(&settings.server, &settings.server_source, server, config_path);
    take(&settings.token, &settings.token_source, token, config_path);
    take(&settings.ca_file, nullptr, ca_file, config_path);
  }
  settings.explicitly_configured = !settings.server.empty() || !settings.token.empty();

  if (settings.server.empty()) {
    std::string ports_path = data_dir + "/ports.json";
    OW_ASSIGN_OR_RETURN(auto ports, ReadJsonObject(ports_path));
    if (ports) {
      auto port = ports->find("http_port");
      if (port == ports->end() || !port->is_number_integer() || port->get<int64_t>() < 1 ||
          port->get<int64_t>() > 65535) {
        return Status::InvalidArgument(ports_path + ": \"http_port\" is not a port number");
      }
      settings.server = "http://127.0.0.1:" + std::to_string(port->get<int64_t>());
      settings.server_source = ports_path;
    }
  }
  return settings;
}

}  // namespace openwsus::cli
