#include "wusp/client_writer.h"

#include <utility>

#include "common/log.h"

namespace openwsus::wusp {

struct ClientWriter::Work {
  enum class Kind { kRegister, kReport, kFlush };
  Kind kind = Kind::kFlush;
  Registration registration;
  Guid computer_id;
  DateTime received;
  std::vector<ReportedEvent> events;
  std::promise<Status> done;
};

struct ClientWriter::Batch {
  std::vector<Work> work;
  std::unordered_map<Guid, DateTime, GuidHash> syncs;
};

ClientWriter::ClientWriter(std::unique_ptr<store::Store> store, ClientWriterOptions options)
    : store_(std::move(store)), options_(options), next_prune_(std::chrono::steady_clock::now()) {
  thread_ = std::thread([this] { Run(); });
}

ClientWriter::~ClientWriter() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void ClientWriter::SetListener(Listener listener) {
  std::lock_guard<std::mutex> lock(mu_);
  listener_ = std::move(listener);
}

void ClientWriter::Enqueue(Work work) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back(std::move(work));
  }
  wake_.notify_one();
}

std::future<Status> ClientWriter::RegisterComputer(Registration registration) {
  Work work;
  work.kind = Work::Kind::kRegister;
  work.registration = std::move(registration);
  std::future<Status> done = work.done.get_future();
  Enqueue(std::move(work));
  return done;
}

void ClientWriter::RecordSync(const Guid& computer_id, DateTime when) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    DateTime& latest = syncs_[computer_id];
    if (latest < when) latest = when;
  }
  wake_.notify_one();
}

std::future<Status> ClientWriter::Report(const Guid& computer_id, DateTime received,
                                         std::vector<ReportedEvent> events) {
  Work work;
  work.kind = Work::Kind::kReport;
  work.computer_id = computer_id;
  work.received = received;
  work.events = std::move(events);
  std::future<Status> done = work.done.get_future();
  Enqueue(std::move(work));
  return done;
}

Status ClientWriter::Flush() {
  Work work;
  std::future<Status> done = work.done.get_future();
  Enqueue(std::move(work));
  return done.get();
}

void ClientWriter::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    wake_.wait(lock, [&] { return stopping_ || !queue_.empty() || !syncs_.empty(); });
    if (queue_.empty() && syncs_.empty()) break;  // stopping, nothing left
    // Let more work gather for one batch, unless the batch is full already.
    if (!stopping_) {
      wake_.wait_for(lock, options_.batch_delay, [&] { return stopping_ || queue_.size() >= options_.max_batch; });
    }
    Batch batch;
    size_t take = std::min(queue_.size(), options_.max_batch);
    batch.work.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.begin() + take));
    queue_.erase(queue_.begin(), queue_.begin() + take);
    batch.syncs.swap(syncs_);
    Listener listener = listener_;
    lock.unlock();

    std::vector<StatusChange> applied;
    std::vector<Guid> new_computers;
    Status committed = Commit(&batch, &applied, &new_computers);
    if (!committed.ok()) log::Error("client writes not committed", {{"reason", committed.ToString()}});
    if (committed.ok() && listener && (!applied.empty() || !new_computers.empty())) listener(applied, new_computers);
    for (Work& w : batch.work) w.done.set_value(committed);
    PruneIfDue();
    lock.lock();
  }
}

Status ClientWriter::Commit(Batch* batch, std::vector<StatusChange>* applied, std::vector<Guid>* new_computers) {
  bool any = !batch->syncs.empty();
  for (const Work& w : batch->work) any = any || w.kind != Work::Kind::kFlush;
  if (!any) return Status::Ok();
  return store_->Transaction([&]() -> Status {
    for (const Work& w : batch->work) {
      if (w.kind == Work::Kind::kRegister) OW_RETURN_IF_ERROR(ApplyRegistration(w.registration, new_computers));
      if (w.kind == Work::Kind::kReport) OW_RETURN_IF_ERROR(ApplyReport(w, applied));
    }
    for (const auto& [computer, when] : batch->syncs) {
      OW_RETURN_IF_ERROR(store_->SetComputerActivity(computer, when, std::nullopt));
    }
    return Status::Ok();
  });
}

Status ClientWriter::ApplyRegistration(const Registration& r, std::vector<Guid>* new_computers) {
  OW_ASSIGN_OR_RETURN(auto existing, store_->FindComputer(r.computer_id));
  // A re-registration keeps what the admin side and reports recorded.
  store::ComputerRecord record = existing ? std::move(*existing) : store::ComputerRecord{};
  if (!existing) {
    record.id = r.computer_id;
    record.created = r.time;
    new_computers->push_back(r.computer_id);
  }
  record.name = r.name;
  record.ip_address = r.ip_address;
  record.os_description = r.os_description;
  record.requested_groups = r.requested_groups;
  record.info = r.info;
  record.last_sync = r.time;
  return store_->UpsertComputer(record);
}

Status ClientWriter::ApplyReport(const Work& work, std::vector<StatusChange>* applied) {
  for (const ReportedEvent& e : work.events) {
    OW_ASSIGN_OR_RETURN(size_t added, store_->AddEvents({e.event}));
    if (added == 0 || !e.status) continue;  // seen before: its status is applied already
    const StatusChange& change = *e.status;
    std::vector<store::StatusRecord> records;
    for (const auto& [update, state] : change.states) {
      records.push_back({change.computer_id, update, static_cast<int>(state), change.time});
    }
    if (change.snapshot) {
      OW_RETURN_IF_ERROR(store_->ReplaceStatus(change.computer_id, records));
    } else if (change.unless_installed) {
      OW_RETURN_IF_ERROR(store_->SaveStatusUnlessInstalled(records));
    } else {
      OW_RETURN_IF_ERROR(store_->SaveStatus(records));
    }
    applied->push_back(change);
  }
  return store_->SetComputerActivity(work.computer_id, std::nullopt, work.received);
}

void ClientWriter::PruneIfDue() {
  auto now = std::chrono::steady_clock::now();
  if (now < next_prune_) return;
  next_prune_ = now + std::chrono::hours(1);
  auto retention = std::chrono::duration_cast<std::chrono::seconds>(options_.event_retention).count();
  auto pruned = store_->PruneEvents(DateTime::FromUnixSeconds(DateTime::Now().unix_seconds() - retention));
  if (!pruned.ok()) log::Error("cannot prune client events", {{"reason", pruned.status().ToString()}});
}

Status AwaitWrite(std::future<Status> write, std::chrono::milliseconds timeout) {
  if (write.wait_for(timeout) != std::future_status::ready) return Status::Unavailable("the client writer is behind");
  return write.get();
}

}  // namespace openwsus::wusp
