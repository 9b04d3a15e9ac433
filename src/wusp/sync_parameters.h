// Reading the parameters of SyncUpdates, SyncPrinterCatalog, RefreshCache and
// GetExtendedUpdateInfo2 from their SOAP elements.
//
// What real clients send differs from the WSDL (protocol-wusp.md (c)):
// absent, empty and nil id lists mean the same; SyncUpdateParameters carries
// elements the WSDL lacks (AlsoPerformRegularSync, ProductsParameters), which
// are ignored like every unknown element; the SystemSpec of the driver pass
// has devices of 70 or more, with nil values under a non-xsi prefix.
//
// Failures are WuspErrors naming the parameter as real WSUS does
// ("parameters.InstalledNonLeafUpdateIDs").
#ifndef OPENWSUS_WUSP_SYNC_PARAMETERS_H_
#define OPENWSUS_WUSP_SYNC_PARAMETERS_H_

#include <pugixml.hpp>

#include <string_view>
#include <variant>
#include <vector>

#include "catalog/update.h"
#include "wusp/sync_planner.h"
#include "xml/soap_error.h"

namespace openwsus::wusp {

struct SyncLimits {
  // Real WSUS refuses more than 400 installed non-leaf ids with InvalidParameters.
  size_t max_installed_non_leaf = 400;
  // No limit was seen on the other lists (5,261 ids accepted); ours keeps a
  // hostile request from costing more than a large real one.
  size_t max_cached_ids = 50'000;
  size_t max_devices = 2'000;
  size_t max_filter_categories = 200;
};

// A parse result: the value, or the fault to answer with.
template <typename T>
using Parsed = std::variant<T, xml::SoapError>;

// SyncUpdates' `parameters` element (the caller checks it is present).
Parsed<SyncRequest> ParseSyncParameters(const pugi::xml_node& parameters, std::string_view ns,
                                        const SyncLimits& limits);

// An ArrayOfUpdateIdentity: <UpdateIdentity><UpdateID/><RevisionNumber/></UpdateIdentity>...
Parsed<std::vector<catalog::UpdateIdentity>> ParseUpdateIdentities(const pugi::xml_node& array, std::string_view ns,
                                                                   std::string_view parameter, size_t max);

}  // namespace openwsus::wusp

#endif  // OPENWSUS_WUSP_SYNC_PARAMETERS_H_
