#include "app/server_app.h"

#include <pthread.h>
#include <signal.h>

#include <cstring>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "admin/admin_api.h"
#include "app/demo_seeder.h"
#include "common/cookie_sealer.h"
#include "common/file_util.h"
#include "common/key_ring.h"
#include "common/log.h"
#include "content/content_handler.h"
#include "content/content_store.h"
#include "http/health_handler.h"
#include "http/http_server.h"
#include "http/router.h"
#include "snapshot/snapshot_manager.h"
#include "store/open_store.h"
#include "store/server_settings.h"
#include "store/store.h"
#include "wsusss/server_sync_service.h"
#include "wusp/client_writer.h"
#include "wusp/wusp_service.h"

namespace openwsus::app {
namespace {

namespace fs = std::filesystem;

std::string Url(std::string_view scheme, const std::string& address, int port) {
  bool v6 = address.find(':') != std::string::npos;
  return std::string(scheme) + "://" + (v6 ? "[" + address + "]" : address) + ":" + std::to_string(port);
}

// Blocks SIGTERM and SIGINT in this thread, and so in every thread started
// after it (the io threads), so that they are delivered only to sigwait().
// The previous mask comes back on destruction.
class ScopedSignalBlock {
 public:
  ScopedSignalBlock() {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGTERM);
    sigaddset(&signals_, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals_, &previous_);
  }
  ~ScopedSignalBlock() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
  ScopedSignalBlock(const ScopedSignalBlock&) = delete;
  ScopedSignalBlock& operator=(const ScopedSignalBlock&) = delete;

  int Wait() const {
    int signal = 0;
    while (sigwait(&signals_, &signal) != 0) {
    }
    return signal;
  }

 private:
  sigset_t signals_;
  sigset_t previous_;
};

}  // namespace

ServerApp::ServerApp(DataDir data_dir, ServerConfig config, std::string version)
    : data_dir_(std::move(data_dir)), config_(std::move(config)), version_(std::move(version)) {}

Status ServerApp::Run() {
  // First, so that a SIGTERM during the demo import is held until we can
  // shut down cleanly instead of killing the process mid-transaction.
  ScopedSignalBlock signals;
  // A client that hangs up mid-response must not kill the server.
  ::signal(SIGPIPE, SIG_IGN);

  OW_RETURN_IF_ERROR(data_dir_.Create());
  // A stale file from a crashed run would point waiting tools at a dead port.
  RemovePortsFile();

  auto store = store::OpenStore(data_dir_.store_url());
  if (!store.ok()) return store.status().WithContext("cannot open the store " + data_dir_.database_path());
  auto seeded = DemoSeeder::SeedIfEmpty(data_dir_, store->get());
  if (!seeded.ok()) return seeded.status().WithContext("cannot load the demo catalog");

  policy::StatusMatrix status;
  OW_RETURN_IF_ERROR(LoadStatus(store->get(), &status));
  admin::AdminApi admin_api(store->get(), &status);

  // The client web services (MS-WUSP), each part on its own store connection
  // (a Store is single-threaded): the handshake and extended metadata, the
  // scan snapshot's rebuilds, and the one writer of what clients send.
  OW_ASSIGN_OR_RETURN(auto wusp_store, OpenStore("the client services"));
  auto server_id = store::LoadOrCreateServerId(wusp_store.get());
  if (!server_id.ok()) return server_id.status().WithContext("cannot load the server id");
  // Before the first snapshot, which carries it to the scan path.
  auto last_change = store::LoadOrCreateConfigLastChange(wusp_store.get());
  if (!last_change.ok()) return last_change.status().WithContext("cannot load the config LastChange");
  auto key_ring = KeyRing::LoadOrCreate(data_dir_.keys_dir());
  if (!key_ring.ok()) return key_ring.status().WithContext("cannot load the cookie keys");
  CookieSealer cookie_sealer(key_ring->get(), *server_id);
  admin_api.SetCookieKeys(key_ring->get());
  OW_ASSIGN_OR_RETURN(auto snapshot_store, OpenStore("the scan snapshot"));
  auto snapshots = snapshot::SnapshotManager::Create(std::move(snapshot_store));
  if (!snapshots.ok()) return snapshots.status().WithContext("cannot build the scan snapshot");
  (*snapshots)->SetCatalogListener([&admin_api](const snapshot::CatalogIndex& catalog) {
    std::vector<Guid> counted;
    for (const snapshot::IndexedUpdate& u : catalog.updates()) {
      if (catalog::IsApprovable(u.type)) counted.push_back(u.update_id);
    }
    admin_api.AddUpdates(counted);
  });
  (*snapshots)->Watch(config_.snapshot_poll_interval);
  admin_api.SetChangeListener([manager = snapshots->get()] {
    Status refreshed = manager->RefreshPolicy();
    if (!refreshed.ok()) log::Error("cannot refresh the scan snapshot", {{"reason", refreshed.ToString()}});
  });
  OW_ASSIGN_OR_RETURN(auto writer_store, OpenStore("the client writer"));
  wusp::ClientWriter client_writer(std::move(writer_store));
  client_writer.SetListener(
      [&admin_api](const std::vector<wusp::StatusChange>& changes, const std::vector<Guid>& new_computers) {
        std::vector<admin::AdminApi::ReportedStatus> reports;
        for (const wusp::StatusChange& c : changes) {
          reports.push_back({c.computer_id, c.snapshot, c.unless_installed, c.states});
        }
        admin_api.ApplyStatus(reports, new_computers);
      });
  wusp::WuspOptions wusp_options;
  wusp_options.page_size = config_.sync_page_size;
  wusp_options.write_timeout = config_.client_write_timeout;
  wusp::WuspService wusp_service(wusp::WuspDeps{wusp_store.get(), &cookie_sealer, snapshots->get(), &client_writer},
                                 wusp_options);
  // The server-sync services (MS-WSUSSS): we are the upstream of downstream
  // servers. Their own connection: a downstream's list must not wait on a
  // client's handshake.
  OW_ASSIGN_OR_RETURN(auto wsusss_store, OpenStore("the server-sync services"));
  wsusss::ServerSyncService server_sync(wsusss::WsusssDeps{wsusss_store.get(), &cookie_sealer, *server_id});

  http::Router router;
  router.Add("GET", http::kHealthPath, http::MakeHealthHandler(version_));
  admin_api.Register(&router);
  wusp_service.Register(&router);
  server_sync.Register(&router);
  // Update files, /Content/XX/SHA1.ext; HEAD goes to the GET handler.
  content::ContentStore content_store(data_dir_.content_dir());
  content::ContentHandler content_handler(&content_store);
  router.AddPrefix("GET", content::kContentPrefix,
                   [&content_handler](const http::HttpRequest& r) { return content_handler.Handle(r); });

  http::HttpServerOptions options = config_.http;
  options.server_header = "OpenWSUS/" + version_;
  http::HttpServer server(options, [&router](const http::HttpRequest& request) { return router.Handle(request); });
  OW_RETURN_IF_ERROR(server.Start());
  OW_RETURN_IF_ERROR(WritePortsFile(server.http_port(), server.https_port()));

  // On stdout even with --quiet: where the server listens is the one thing a
  // person starting it needs to see.
  std::cout << "openwsus listening on " << Url("http", options.bind_address, server.http_port()) << "\n";
  if (server.https_port()) {
    std::cout << "openwsus listening on " << Url("https", options.bind_address, *server.https_port()) << "\n";
  }
  std::cout << std::flush;

  int signal = signals.Wait();
  log::Info("shutting down", {{"signal", ::sigabbrev_np(signal) ? ::sigabbrev_np(signal) : "?"}});
  server.Stop();
  // What clients sent is committed before we go.
  Status flushed = client_writer.Flush();
  if (!flushed.ok()) log::Error("client writes lost at shutdown", {{"reason", flushed.ToString()}});
  RemovePortsFile();
  return Status::Ok();
}

Result<std::unique_ptr<store::Store>> ServerApp::OpenStore(const std::string& purpose) const {
  auto store = store::OpenStore(data_dir_.store_url());
  if (!store.ok()) return store.status().WithContext("cannot open the store for " + purpose);
  return std::move(store).value();
}

// The latest (computer, update) states live in memory for fast filters and
// roll-ups; the store keeps them across restarts. A computer that has
// reported has a row only for the updates its last status list named: every
// other update is not applicable to it (what WSUS shows).
Status ServerApp::LoadStatus(store::Store* store, policy::StatusMatrix* status) {
  auto updates = store->ListUpdates({});
  if (!updates.ok()) return updates.status().WithContext("cannot list updates");
  for (const auto& u : *updates) {
    if (catalog::IsApprovable(u.type)) status->AddUpdate(u.update_id);
  }
  auto computers = store->ListComputers();
  if (!computers.ok()) return computers.status().WithContext("cannot list computers");
  for (const auto& c : *computers) {
    policy::StatusMatrix::Index computer = status->AddComputer(c.id);
    if (c.last_report) status->Reset(computer, policy::InstallationState::kNotApplicable);
  }
  Status loaded = store->ForEachStatus([status](const store::StatusRecord& r) {
    status->Set(r.computer_id, r.update_id, static_cast<policy::InstallationState>(r.state));
  });
  return loaded.WithContext("cannot load computer status");
}

Status ServerApp::WritePortsFile(int http_port, std::optional<int> https_port) const {
  nlohmann::json ports = {{"http_port", http_port}, {"https_port", nullptr}};
  if (https_port) ports["https_port"] = *https_port;
  std::string path = data_dir_.ports_path();
  // Written whole under another name and renamed, so that a reader polling
  // for the file never sees half of it.
  return WriteFileAtomically(path, ports.dump() + "\n");
}

void ServerApp::RemovePortsFile() const {
  std::error_code ec;
  fs::remove(data_dir_.ports_path(), ec);
}

}  // namespace openwsus::app
