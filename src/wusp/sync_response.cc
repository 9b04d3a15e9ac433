#include "wusp/sync_response.h"

#include <charconv>

#include "xml/xml_writer.h"

namespace openwsus::wusp {
namespace {

void AppendInt(std::string* out, std::string_view name, int64_t value) {
  out->append("<").append(name).append(">").append(std::to_string(value)).append("</").append(name).append(">");
}

void AppendIds(std::string* out, std::string_view name, const std::vector<int32_t>& ids) {
  if (ids.empty()) return;
  out->append("<").append(name).append(">");
  for (int32_t id : ids) AppendInt(out, "int", id);
  out->append("</").append(name).append(">");
}

// The date of the deployment's last change, or of the revision when its
// deployment never changed (real WSUS: the day the deployment row was made).
std::string LastChangeDate(const snapshot::Deployment& d, const snapshot::IndexedUpdate& u) {
  if (d.changed > DateTime() || u.creation_day.empty()) return d.changed.ToDateString();
  return u.creation_day;
}

void AppendUpdateInfo(std::string* out, const PlannedUpdate& p, const snapshot::CatalogIndex& catalog,
                      std::string_view protocol_version, bool with_xml) {
  const snapshot::IndexedUpdate& u = catalog.at(p.entry);
  out->append("<UpdateInfo>");
  AppendInt(out, "ID", u.revision_id);
  AppendDeployment(out, p.deployment, u, protocol_version);
  out->append(u.is_leaf ? "<IsLeaf>true</IsLeaf>" : "<IsLeaf>false</IsLeaf>");
  if (with_xml) out->append("<Xml>").append(u.core_xml).append("</Xml>");
  out->append("</UpdateInfo>");
}

}  // namespace

bool ProtocolAtLeast(std::string_view version, int major, int minor) {
  int got_major = 0;
  int got_minor = 0;
  const char* end = version.data() + version.size();
  auto [dot, ec] = std::from_chars(version.data(), end, got_major);
  if (ec != std::errc()) return false;
  // "2.90" is minor 90 and "1.8" minor 8: compared as the numbers they are.
  if (dot != end && *dot == '.' && std::from_chars(dot + 1, end, got_minor).ec != std::errc()) return false;
  return got_major != major ? got_major > major : got_minor >= minor;
}

void AppendDeployment(std::string* out, const snapshot::Deployment& d, const snapshot::IndexedUpdate& u,
                      std::string_view protocol_version) {
  out->append("<Deployment>");
  AppendInt(out, "ID", d.id);
  out->append("<Action>").append(snapshot::DeploymentActionName(d.action)).append("</Action>");
  if (d.deadline) out->append("<Deadline>").append(d.deadline->ToString()).append("</Deadline>");
  // An optional install is offered, not installed by itself.
  out->append(d.action == snapshot::DeploymentAction::kOptionalInstall ? "<IsAssigned>false</IsAssigned>"
                                                                       : "<IsAssigned>true</IsAssigned>");
  out->append("<LastChangeTime>").append(LastChangeDate(d, u)).append("</LastChangeTime>");
  if (ProtocolAtLeast(protocol_version, 1, 8)) {
    out->append(
        "<AutoSelect>0</AutoSelect><AutoDownload>0</AutoDownload><SupersedenceBehavior>0</SupersedenceBehavior>");
  }
  out->append("</Deployment>");
}

void AppendCookie(std::string* out, std::string_view name, DateTime expires, std::string_view data) {
  out->append("<").append(name).append("><Expiration>").append(expires.ToString()).append("</Expiration>");
  out->append("<EncryptedData>").append(data).append("</EncryptedData></").append(name).append(">");
}

void AppendSyncInfo(std::string* out, const SyncPlan& plan, const snapshot::CatalogIndex& catalog,
                    const ClientView& client) {
  if (!plan.new_updates.empty()) {
    out->append("<NewUpdates>");
    for (const PlannedUpdate& p : plan.new_updates) AppendUpdateInfo(out, p, catalog, client.protocol_version, true);
    out->append("</NewUpdates>");
  }
  AppendIds(out, "OutOfScopeRevisionIDs", plan.out_of_scope);
  if (!plan.changed.empty()) {
    out->append("<ChangedUpdates>");
    for (const PlannedUpdate& p : plan.changed) AppendUpdateInfo(out, p, catalog, client.protocol_version, false);
    out->append("</ChangedUpdates>");
  }
  out->append(plan.truncated ? "<Truncated>true</Truncated>" : "<Truncated>false</Truncated>");
  AppendCookie(out, "NewCookie", client.cookie_expires, client.cookie_data);
  AppendIds(out, "DeployedOutOfScopeRevisionIds", plan.deployed_out_of_scope);
  if (ProtocolAtLeast(client.protocol_version, 1, 7)) {
    out->append(plan.driver_sync_not_needed ? "<DriverSyncNotNeeded>true</DriverSyncNotNeeded>"
                                            : "<DriverSyncNotNeeded>false</DriverSyncNotNeeded>");
  }
}

}  // namespace openwsus::wusp
