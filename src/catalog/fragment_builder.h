// FragmentBuilder: derives, from a complete update document, the three metadata
// fragments that Windows Update Agents receive (protocol-wusp.md (b)):
//
//  - Core (SyncUpdates): UpdateIdentity, Properties reduced to the attributes
//    UpdateType, ExplicitlyDeployable, AutoSelectOnWebSites, OSUpgrade and
//    EulaID, then Relationships and ApplicabilityRules whole.
//  - Extended (GetExtendedUpdateInfo): Properties renamed ExtendedProperties,
//    without the Core-only and server-only attributes, then Files and
//    HandlerSpecificData.
//  - LocalizedProperties for one language.
//
// In every fragment namespace declarations are dropped and element prefixes
// removed, except that elements of BaseApplicabilityRules, MsiApplicabilityRules
// and WindowsDriver are written `b.`, `m.` and `d.` + local name, and `xsi:type`
// becomes `type`. Elements from namespaces outside Microsoft's update schemas
// (the CBS manifest, urn:schemas-microsoft-com:asm.v3) keep a default namespace
// declaration, as the real server does. A Core fragment has several root
// elements, so it is not itself a well-formed document; that is the wire form.
#ifndef OPENWSUS_CATALOG_FRAGMENT_BUILDER_H_
#define OPENWSUS_CATALOG_FRAGMENT_BUILDER_H_

#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"

namespace openwsus::xml {
class SafeXml;
}

namespace openwsus::catalog {

class FragmentBuilder {
 public:
  static Result<FragmentBuilder> FromDocument(std::string_view document_xml);

  FragmentBuilder(FragmentBuilder&&) noexcept;
  FragmentBuilder& operator=(FragmentBuilder&&) noexcept;
  ~FragmentBuilder();

  std::string Core() const;
  std::string Extended() const;
  // NotFound when the document has no LocalizedProperties in `language`.
  Result<std::string> Localized(std::string_view language) const;

 private:
  explicit FragmentBuilder(std::unique_ptr<xml::SafeXml> doc);
  std::unique_ptr<xml::SafeXml> doc_;
};

}  // namespace openwsus::catalog

#endif  // OPENWSUS_CATALOG_FRAGMENT_BUILDER_H_
