// Writing SyncInfo (SyncUpdates and SyncPrinterCatalog results) and the
// pieces RefreshCache shares with it, in the element order of the WSDL and of
// the real server's answers:
//   NewUpdates? OutOfScopeRevisionIDs? ChangedUpdates? Truncated NewCookie
//   DeployedOutOfScopeRevisionIds? DriverSyncNotNeeded?
// Empty lists are left out, as the real server does. An UpdateInfo is
// ID, Deployment, IsLeaf, Xml (the pre-rendered Core fragment); the ones of
// ChangedUpdates carry no Xml: the client has the fragment already.
//
// Fields newer clients know are sent only to them (MS-WUSP 2.2.2.2.4):
// AutoSelect, AutoDownload and SupersedenceBehavior from protocol 1.8 on,
// DriverSyncNotNeeded from 1.7 on. WUA sends 2.90 today.
#ifndef OPENWSUS_WUSP_SYNC_RESPONSE_H_
#define OPENWSUS_WUSP_SYNC_RESPONSE_H_

#include <string>
#include <string_view>

#include "common/date_time.h"
#include "snapshot/policy_index.h"
#include "wusp/sync_planner.h"

namespace openwsus::wusp {

// A client protocol version ("2.90", "1.8") at least major.minor; false when
// it does not parse.
bool ProtocolAtLeast(std::string_view version, int major, int minor);

struct ClientView {
  std::string_view protocol_version;
  DateTime cookie_expires;
  std::string_view cookie_data;  // the new EncryptedData
};

void AppendDeployment(std::string* out, const snapshot::Deployment& deployment, const snapshot::IndexedUpdate& update,
                      std::string_view protocol_version);
void AppendSyncInfo(std::string* out, const SyncPlan& plan, const snapshot::CatalogIndex& catalog,
                    const ClientView& client);
// <Name><Expiration/><EncryptedData/></Name>
void AppendCookie(std::string* out, std::string_view name, DateTime expires, std::string_view data);

}  // namespace openwsus::wusp

#endif  // OPENWSUS_WUSP_SYNC_RESPONSE_H_
