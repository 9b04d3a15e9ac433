// The update metadata model: what OpenWSUS understands of one revision of an
// `upd:Update` document. Everything here is parsed from the document by
// UpdateParser; the document itself stays the source of truth and is kept
// byte for byte by the store. Plain data, no behaviour beyond small queries.
#ifndef OPENWSUS_CATALOG_UPDATE_H_
#define OPENWSUS_CATALOG_UPDATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/guid.h"

namespace openwsus::catalog {

enum class UpdateType { kSoftware, kDriver, kCategory, kDetectoid };
std::string_view UpdateTypeName(UpdateType type);  // "Software", ...
std::optional<UpdateType> ParseUpdateType(std::string_view name);
// Software and drivers: what administrators approve and computers report a
// status for. Categories and detectoids are neither.
constexpr bool IsApprovable(UpdateType type) { return type == UpdateType::kSoftware || type == UpdateType::kDriver; }

// CategoryInformation@CategoryType of a category revision.
enum class CategoryType { kNone, kCompany, kProductFamily, kProduct, kUpdateClassification };
std::string_view CategoryTypeName(CategoryType type);
std::optional<CategoryType> ParseCategoryType(std::string_view name);

struct UpdateIdentity {
  Guid update_id;
  int32_t revision_number = 0;  // 0 where a reference names an update, not a revision
};

// One clause of the prerequisites' conjunctive normal form: at least one of
// `update_ids` must be installed. A bare UpdateIdentity is a clause of one.
// IsCategory clauses are how an update belongs to products and classifications.
struct PrerequisiteClause {
  bool is_category = false;
  std::vector<Guid> update_ids;
};

// One AtLeastOne group of BundledUpdates (or a bare member, a group of one).
struct BundleClause {
  std::vector<UpdateIdentity> members;
};

struct UpdateFile {
  std::string sha1;    // raw 20 bytes (Digest, DigestAlgorithm SHA1)
  std::string sha256;  // raw 32 bytes (AdditionalDigest SHA256), empty if absent
  std::string file_name;
  int64_t size = 0;
  std::string modified;  // as written in the document
  std::string patching_type;
};

struct LocalizedProperties {
  std::string language;
  std::string title;
  std::string description;
  std::string uninstall_notes;
  std::string more_info_url;
  std::string support_url;
};

// ApplicabilityRules/Metadata/WindowsDriverMetaData: one device a driver
// update is for. A driver update may list several.
struct DriverMetadata {
  std::string hardware_id;  // lower case: Windows compares device ids case-insensitively
  std::string date;         // DriverVerDate, "yyyy-mm-dd"
  std::string version;      // DriverVerVersion, "1.2.3.4"
  std::string class_name;
  std::string manufacturer;
  std::string provider;
  std::string model;

  bool operator==(const DriverMetadata&) const = default;
};

// InstallationBehavior / UninstallationBehavior.
struct Behavior {
  std::string reboot_behavior;  // NeverReboots (default), AlwaysRequiresReboot, CanRequestReboot
  std::string impact;           // Normal (default), Minor, RequiresExclusiveHandling
  bool can_request_user_input = false;
  bool requires_network_connectivity = false;
};

struct Update {
  UpdateIdentity identity;
  UpdateType type = UpdateType::kSoftware;

  // Properties
  std::string default_language;
  std::string handler;
  std::string publication_state;  // Published, Expired, ...
  std::string creation_date;
  std::string publisher_id;
  std::string eula_id;
  bool explicitly_deployable = false;
  bool auto_select_on_web_sites = false;
  bool is_public = false;
  bool per_user = false;
  int64_t max_download_size = 0;
  int64_t min_download_size = 0;
  std::string msrc_severity;
  std::string kb_article_id;
  std::string security_bulletin_id;
  std::vector<std::string> cve_ids;
  std::vector<std::string> languages;  // Properties/Language (language-specific updates)
  std::optional<Behavior> install_behavior;
  std::optional<Behavior> uninstall_behavior;
  bool has_eula = false;  // EulaID present or an Eula file referenced

  std::vector<LocalizedProperties> localized;

  // Relationships
  std::vector<PrerequisiteClause> prerequisites;
  std::vector<BundleClause> bundled_updates;
  std::vector<Guid> superseded_updates;

  std::vector<UpdateFile> files;
  std::vector<DriverMetadata> drivers;  // driver updates only

  // HandlerSpecificData
  std::string handler_data_type;  // xsi:type as written, e.g. "cmd:CommandLineInstallation"
  CategoryType category_type = CategoryType::kNone;

  // Whether an administrator may approve this update for removal.
  bool CanUninstall() const { return uninstall_behavior.has_value(); }
  bool IsBundle() const { return !bundled_updates.empty(); }
  // The update ids named by IsCategory prerequisite clauses.
  std::vector<Guid> CategoryIds() const;
  // The title in `language`, else in "en", else the first one; empty if none.
  const LocalizedProperties* FindLocalized(std::string_view language) const;
  std::string Title() const;
};

}  // namespace openwsus::catalog

#endif  // OPENWSUS_CATALOG_UPDATE_H_
