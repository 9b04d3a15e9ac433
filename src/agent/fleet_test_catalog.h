// Test support: a small catalog of our own for the fleet's end-to-end tests,
// in the real update XML format with applicability rules a machine profile
// decides, and with real content files (random bytes, their true SHA-1 and
// SHA-256). Test-only.
//
//   company C > family F > products Widgets (PW) and Gadgets (PG);
//   classifications Security (KS) and Updates (KU);
//   detectoids DW "Widgets installed" and DG "Gadgets installed" (RegKeyExists)
//
//   W1  Widgets security update      needs DW; installed at Widgets version >= 2.1,
//                                    installable from 2.0 below 2.1; 1.5 MB file
//   W2  Widgets cumulative update    supersedes W1; installed >= 2.2, installable
//                                    from 2.0 below 2.2; 2.5 MB file
//   G1  Gadgets fix for x64          needs DG; installed at gadgets.dll >= 5.1,
//                                    installable on x64 below 5.1
//   L1  Widgets German resources     needs DW; installed when its key exists,
//                                    installable on a German Windows; removable
//   B1  Gadgets tools bundle         needs DG; members B1X (x64) or B1Y (x86)
//   U1  Widgets servicing stack      needs DW; installable by a CBS rule the agent
//                                    cannot evaluate: not applicable unless decided
//   D1  Contoso NIC driver           classification Drivers (KD); for hardware id
//                                    PCI\VEN_C0DE&DEV_0001, dated 2026-03-04,
//                                    version 2.1.0.7; 400 KB file
//
// Computer i of a fleet has the Traits of i mod kProfiles; ProfileOf turns
// them into a machine profile.
#ifndef OPENWSUS_AGENT_FLEET_TEST_CATALOG_H_
#define OPENWSUS_AGENT_FLEET_TEST_CATALOG_H_

#include <cstddef>
#include <string>
#include <vector>

#include "agent/machine_profile.h"
#include "common/result.h"

namespace openwsus::agent::testcatalog {

inline constexpr char kW1[] = "a1000000-0000-4000-8000-000000000001";
inline constexpr char kW2[] = "a1000000-0000-4000-8000-000000000002";
inline constexpr char kG1[] = "a1000000-0000-4000-8000-000000000003";
inline constexpr char kL1[] = "a1000000-0000-4000-8000-000000000004";
inline constexpr char kB1[] = "a1000000-0000-4000-8000-000000000005";
inline constexpr char kB1X[] = "a1000000-0000-4000-8000-000000000006";
inline constexpr char kB1Y[] = "a1000000-0000-4000-8000-000000000007";
inline constexpr char kU1[] = "a1000000-0000-4000-8000-000000000008";
inline constexpr char kD1[] = "a1000000-0000-4000-8000-000000000009";

// The updates an administrator sees (bundle members are not among them).
inline const std::vector<std::string> kReported = {kW1, kW2, kG1, kL1, kB1, kU1, kD1};

// The computer's Contoso NIC (PCI\VEN_C0DE&DEV_0001&SUBSYS_0001, then the
// generic id) and the driver it runs: D1's date and version is kCurrentDriver.
enum class Nic { kNone, kOldDriver, kNoDriver, kCurrentDriver, kNewerDriver };

// Profiles repeat every kProfiles computers.
inline constexpr size_t kProfiles = 60;

struct Traits {
  bool widgets = false;
  std::string widgets_version;  // REG_SZ Version under HKLM\SOFTWARE\Contoso\Widgets
  bool gadgets = false;
  std::string gadgets_dll;  // version of csidl:38\Contoso\Gadgets\gadgets.dll
  bool x64 = true;
  bool german = false;
  Nic nic = Nic::kNone;
};

Traits TraitsOf(size_t computer);
MachineProfile ProfileOf(const Traits& traits);

// Writes one XML document per update into `updates_dir` and the update files
// into `content_dir` in the WSUS layout (XX/SHA1.ext), both created if missing.
Status WriteCatalog(const std::string& updates_dir, const std::string& content_dir);

}  // namespace openwsus::agent::testcatalog

#endif  // OPENWSUS_AGENT_FLEET_TEST_CATALOG_H_
