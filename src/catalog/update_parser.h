// UpdateParser: reads one complete `upd:Update` document into catalog::Update.
//
// Elements and attributes are found by namespace URI, never by prefix (real
// documents use different prefixes for the same namespace and repeat the
// declarations on nested elements). The XML is read with SafeXml: no DTD, no
// entities, bounded depth and size.
#ifndef OPENWSUS_CATALOG_UPDATE_PARSER_H_
#define OPENWSUS_CATALOG_UPDATE_PARSER_H_

#include <string_view>

#include "catalog/update.h"
#include "common/result.h"

namespace openwsus::catalog {

// Parses a document; the error names what is missing or malformed.
Result<Update> ParseUpdate(std::string_view xml);

}  // namespace openwsus::catalog

#endif  // OPENWSUS_CATALOG_UPDATE_PARSER_H_
