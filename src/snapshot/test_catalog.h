// Test support: a small catalog of our own, in the real update XML format,
// built in memory for the scan snapshot's tests. Test-only.
//
//   company C, product family F (under C), product P (under F), classification K
//   detectoid D (no prerequisites), detectoid D2 (needs D)
//   software A      (IsCategory P, IsCategory K, needs D; one file, kFileA*)
//   bundle B        (IsCategory P, K; members M1, M2)
//   members M1, M2  (IsCategory P, K)
//   software S      (IsCategory P, K; supersedes A; can be uninstalled)
//   driver X        (for pci\ven_1234&dev_0001, 2026-03-04, 2.1.0.7)
//   printer driver Y (class Printer, provider Contoso)
#ifndef OPENWSUS_SNAPSHOT_TEST_CATALOG_H_
#define OPENWSUS_SNAPSHOT_TEST_CATALOG_H_

#include <string>
#include <vector>

#include "store/store.h"

namespace openwsus::snapshot::testcatalog {

inline constexpr char kC[] = "c0000000-0000-0000-0000-000000000001";
inline constexpr char kF[] = "c0000000-0000-0000-0000-000000000002";
inline constexpr char kP[] = "c0000000-0000-0000-0000-000000000003";
inline constexpr char kK[] = "c0000000-0000-0000-0000-000000000004";
inline constexpr char kD[] = "d0000000-0000-0000-0000-000000000001";
inline constexpr char kD2[] = "d0000000-0000-0000-0000-000000000002";
inline constexpr char kA[] = "a0000000-0000-0000-0000-000000000001";
inline constexpr char kB[] = "b0000000-0000-0000-0000-000000000001";
inline constexpr char kM1[] = "b0000000-0000-0000-0000-000000000002";
inline constexpr char kM2[] = "b0000000-0000-0000-0000-000000000003";
inline constexpr char kS[] = "a0000000-0000-0000-0000-000000000002";
inline constexpr char kX[] = "e0000000-0000-0000-0000-000000000001";
inline constexpr char kY[] = "e0000000-0000-0000-0000-000000000002";

struct DocSpec {
  std::string id;
  int revision = 100;
  std::string type = "Software";                    // Software, Driver, Category, Detectoid
  std::string category_type;                        // for categories
  std::vector<std::string> category_prerequisites;  // one IsCategory clause each
  std::vector<std::string> prerequisites;           // one bare clause each
  std::vector<std::string> bundle_members;
  std::vector<std::string> superseded;
  bool uninstallable = false;
  std::string driver_hardware_id;  // for drivers
  std::string driver_class = "Net";
  std::string publication_state = "Published";
  bool with_file = false;  // the file kFileASha1 / a.exe
};

// A's file: SHA-1 and SHA-256 (base64) of the three bytes "abc".
inline constexpr char kFileASha1[] = "qZk+NkcGgWq6PiVxeFDCbJzQ2J0=";
inline constexpr char kFileASha256[] = "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=";

// The document of `spec`.
std::string Document(const DocSpec& spec);

// The catalog above, with revision ids 1, 2, ... in the order listed.
std::vector<store::StoredRevision> Revisions();
// One document as a stored revision with the given revision id.
store::StoredRevision Revision(const DocSpec& spec, int32_t revision_id);
// The specs of the catalog above.
std::vector<DocSpec> Specs();

}  // namespace openwsus::snapshot::testcatalog

#endif  // OPENWSUS_SNAPSHOT_TEST_CATALOG_H_
