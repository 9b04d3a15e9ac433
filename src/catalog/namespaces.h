// The namespace URIs of update metadata. Documents bind them to varying
// prefixes; code compares these URIs, never prefixes.
#ifndef OPENWSUS_CATALOG_NAMESPACES_H_
#define OPENWSUS_CATALOG_NAMESPACES_H_

namespace openwsus::catalog::ns {

inline constexpr char kUpdate[] = "http://schemas.microsoft.com/msus/2002/12/Update";
inline constexpr char kBaseApplicabilityRules[] = "http://schemas.microsoft.com/msus/2002/12/BaseApplicabilityRules";
inline constexpr char kLogicalApplicabilityRules[] =
    "http://schemas.microsoft.com/msus/2002/12/LogicalApplicabilityRules";
inline constexpr char kMsiApplicabilityRules[] = "http://schemas.microsoft.com/msus/2002/12/MsiApplicabilityRules";
inline constexpr char kWindowsDriver[] = "http://schemas.microsoft.com/msus/2002/12/UpdateHandlers/WindowsDriver";
inline constexpr char kCategory[] = "http://schemas.microsoft.com/msus/2002/12/UpdateHandlers/Category";
inline constexpr char kXsi[] = "http://www.w3.org/2001/XMLSchema-instance";

}  // namespace openwsus::catalog::ns

#endif  // OPENWSUS_CATALOG_NAMESPACES_H_
