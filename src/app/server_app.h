// ServerApp: `openwsus serve` wired together. It owns the data directory, the
// store and the HTTP server for the life of the process: it creates the data
// directory, opens the store, seeds the demo catalog on first start, listens,
// announces where (log, stdout and <data dir>/ports.json), and serves until
// SIGTERM or SIGINT, then shuts down gracefully.
//
// This is the only place that knows every layer; services get their routes
// registered here as they arrive.
//
// Run() takes over SIGTERM and SIGINT for the process (it blocks them in every
// thread and waits for them), so there is one ServerApp per process.
#ifndef OPENWSUS_APP_SERVER_APP_H_
#define OPENWSUS_APP_SERVER_APP_H_

#include <memory>
#include <optional>
#include <string>

#include "app/data_dir.h"
#include "app/server_config.h"
#include "common/result.h"
#include "common/status.h"
#include "policy/status_matrix.h"
#include "store/store.h"

namespace openwsus::app {

class ServerApp {
 public:
  ServerApp(DataDir data_dir, ServerConfig config, std::string version);

  // Blocks until SIGTERM or SIGINT, and returns OK after a clean shutdown.
  // Fails without serving when the data directory, the store, the demo
  // catalog or a listener cannot be set up.
  Status Run();

 private:
  Result<std::unique_ptr<store::Store>> OpenStore(const std::string& purpose) const;
  static Status LoadStatus(store::Store* store, policy::StatusMatrix* status);
  Status WritePortsFile(int http_port, std::optional<int> https_port) const;
  void RemovePortsFile() const;

  DataDir data_dir_;
  ServerConfig config_;
  std::string version_;
};

}  // namespace openwsus::app

#endif  // OPENWSUS_APP_SERVER_APP_H_
