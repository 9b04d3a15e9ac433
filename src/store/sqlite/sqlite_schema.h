// The SQLite schema as numbered migrations. Migration N takes a database from
// user_version N-1 to N. Never edit a migration that has shipped: add one.
#ifndef OPENWSUS_STORE_SQLITE_SQLITE_SCHEMA_H_
#define OPENWSUS_STORE_SQLITE_SQLITE_SCHEMA_H_

#include <span>
#include <string_view>

namespace openwsus::store {

std::span<const std::string_view> SchemaMigrations();

}  // namespace openwsus::store

#endif  // OPENWSUS_STORE_SQLITE_SQLITE_SCHEMA_H_
