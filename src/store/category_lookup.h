// Finding a product or classification the way administrators name them: by
// update id, by exact title, or by a part of the title that only one has
// ("security" for Security Updates), all ignoring ASCII case. Shared by the
// admin API and the CLI's local listings.
#ifndef OPENWSUS_STORE_CATEGORY_LOOKUP_H_
#define OPENWSUS_STORE_CATEGORY_LOOKUP_H_

#include <string>
#include <string_view>

#include "store/store.h"

namespace openwsus::store {

// NotFound when nothing matches; InvalidArgument, naming some candidates,
// when a partial title matches several.
Result<CategoryNode> FindCategory(Store* store, catalog::CategoryType type, const std::string& name_or_id);

}  // namespace openwsus::store

#endif  // OPENWSUS_STORE_CATEGORY_LOOKUP_H_
