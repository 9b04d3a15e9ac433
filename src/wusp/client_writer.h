// ClientWriter: the one writer of what clients send (architecture.md,
// principle 2). Registrations, sync times, events and the status they imply
// go to a queue; a background thread commits what has gathered in one store
// transaction per batch, so a storm of reports costs one commit per batch, not
// one per request.
//
// Nothing acknowledged is lost (principle 3): RegisterComputer and Report
// return a future that is fulfilled once the batch holding the write is
// committed, and the SOAP handler answers only then. Sync times are not worth
// a wait: RecordSync is fire-and-forget and coalesced per computer.
//
// Events are idempotent on (computer, EventInstanceID): the status an event
// implies is applied only when the event was new, so a redelivered batch
// changes nothing. After each commit the listener (the admin API's in-memory
// status) hears the status changes and the computers that were new.
//
// Thread-safety: every public method may be called from any thread. The
// store is used by the writer thread only.
#ifndef OPENWSUS_WUSP_CLIENT_WRITER_H_
#define OPENWSUS_WUSP_CLIENT_WRITER_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/date_time.h"
#include "common/guid.h"
#include "common/status.h"
#include "policy/update_status.h"
#include "store/store.h"

namespace openwsus::wusp {

// What one event does to a computer's status. A snapshot (event 156) lists
// the computer's whole status: every other update becomes not applicable.
struct StatusChange {
  Guid computer_id;
  bool snapshot = false;
  bool unless_installed = false;  // a download: keeps Installed and pending-reboot states
  std::vector<std::pair<Guid, policy::InstallationState>> states;
  DateTime time;
};

struct ReportedEvent {
  store::ClientEvent event;
  std::optional<StatusChange> status;
};

// What RegisterComputer learned; merged into the stored record.
struct Registration {
  Guid computer_id;
  std::string name;
  std::string ip_address;
  std::string os_description;
  std::vector<std::string> requested_groups;
  std::vector<std::pair<std::string, std::string>> info;
  DateTime time;
};

struct ClientWriterOptions {
  // How long the writer waits for more work before committing a batch.
  std::chrono::milliseconds batch_delay{20};
  size_t max_batch = 2000;  // writes per transaction
  // Events older than this (by arrival) are pruned, once an hour.
  std::chrono::hours event_retention{24 * 90};
};

class ClientWriter {
 public:
  using Listener =
      std::function<void(const std::vector<StatusChange>& changes, const std::vector<Guid>& new_computers)>;

  explicit ClientWriter(std::unique_ptr<store::Store> store, ClientWriterOptions options = {});
  ~ClientWriter();  // commits what is queued, then stops
  ClientWriter(const ClientWriter&) = delete;
  ClientWriter& operator=(const ClientWriter&) = delete;

  // Called on the writer thread after each commit. Set before the first write.
  void SetListener(Listener listener);

  std::future<Status> RegisterComputer(Registration registration);
  void RecordSync(const Guid& computer_id, DateTime when);
  // The events of one ReportEventBatch and their status.
  std::future<Status> Report(const Guid& computer_id, DateTime received, std::vector<ReportedEvent> events);

  // Waits until everything queued before the call is committed; its Status.
  Status Flush();

 private:
  struct Work;
  struct Batch;

  void Enqueue(Work work);
  void Run();
  Status Commit(Batch* batch, std::vector<StatusChange>* applied, std::vector<Guid>* new_computers);
  Status ApplyRegistration(const Registration& r, std::vector<Guid>* new_computers);
  Status ApplyReport(const Work& work, std::vector<StatusChange>* applied);
  void PruneIfDue();

  std::unique_ptr<store::Store> store_;  // writer thread only
  ClientWriterOptions options_;
  Listener listener_;
  std::chrono::steady_clock::time_point next_prune_;

  std::mutex mu_;
  std::condition_variable wake_;
  std::vector<Work> queue_;                             // GUARDED_BY(mu_)
  std::unordered_map<Guid, DateTime, GuidHash> syncs_;  // GUARDED_BY(mu_): latest per computer
  bool stopping_ = false;                               // GUARDED_BY(mu_)
  std::thread thread_;
};

// Waits for one of the writer's futures: its Status, or Unavailable (the
// client is told ServerBusy and retries) when `timeout` passes first.
Status AwaitWrite(std::future<Status> write, std::chrono::milliseconds timeout);

}  // namespace openwsus::wusp

#endif  // OPENWSUS_WUSP_CLIENT_WRITER_H_
