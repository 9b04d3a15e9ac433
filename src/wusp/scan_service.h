// ScanService: the scan operations of ClientWebService, answered from the
// scan snapshot and the client cookie alone (architecture.md, principle 2):
// StartCategoryScan, SyncUpdates (the software and the driver pass),
// SyncPrinterCatalog and RefreshCache. What a scan records (the computer's
// last sync time) goes to the ClientWriter without a wait.
//
// Thread-safety: every operation may run on many handler threads at once.
#ifndef OPENWSUS_WUSP_SCAN_SERVICE_H_
#define OPENWSUS_WUSP_SCAN_SERVICE_H_

#include <string>
#include <string_view>

#include "common/cookie_sealer.h"
#include "http/soap_call.h"
#include "snapshot/snapshot_manager.h"
#include "wusp/client_writer.h"
#include "wusp/cookie_gate.h"
#include "wusp/sync_planner.h"
#include "wusp/wusp_options.h"
#include "xml/soap_error.h"

namespace openwsus::wusp {

class ScanService {
 public:
  // Everything passed in must outlive the service.
  ScanService(CookieGate* gate, const CookieSealer* sealer, snapshot::SnapshotManager* snapshots, ClientWriter* writer,
              const WuspOptions* options);

  xml::SoapReply StartCategoryScan(const http::SoapCall& call);
  xml::SoapReply SyncUpdates(const http::SoapCall& call);
  xml::SoapReply SyncPrinterCatalog(const http::SoapCall& call);
  xml::SoapReply RefreshCache(const http::SoapCall& call);

 private:
  // Which high-water mark a pass may move: the one of the pass that saw
  // every change of its cache (a filtered scan or the printer catalog saw
  // part of it only).
  enum class SyncPass { kSoftware, kDrivers, kPartial, kPrinters };
  // The cookie to hand back after a sync: same client and expiry, the new
  // high-water mark of `pass`.
  Result<std::string> ResealAfterSync(ClientCookieData cookie, const snapshot::PolicyIndex& snapshot,
                                      SyncPass pass) const;
  // The SyncInfo answer of `plan`, with the resealed cookie.
  xml::SoapReply AnswerSync(std::string_view ns, std::string_view operation, const SyncPlan& plan,
                            const snapshot::PolicyIndex& snapshot, const ClientCookieData& cookie, SyncPass pass) const;

  CookieGate* gate_;
  const CookieSealer* sealer_;
  snapshot::SnapshotManager* snapshots_;
  ClientWriter* writer_;
  const WuspOptions* options_;
};

}  // namespace openwsus::wusp

#endif  // OPENWSUS_WUSP_SCAN_SERVICE_H_
