#include "store/sqlite/sqlite_schema.h"

namespace openwsus::store {
namespace {

// Update ids are stored as canonical lower-case text (Guid::ToString) so that
// the two spellings real documents use compare equal in SQL.
constexpr std::string_view kMigration1 = R"sql(
CREATE TABLE revisions (
  revision_id       INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: clients cache it
  update_id         TEXT    NOT NULL,
  revision_number   INTEGER NOT NULL,
  update_type       INTEGER NOT NULL,  -- catalog::UpdateType
  category_type     INTEGER NOT NULL,  -- catalog::CategoryType, 0 unless a category
  title             TEXT    NOT NULL,
  kb_article_id     TEXT    NOT NULL,
  msrc_severity     TEXT    NOT NULL,
  creation_date     TEXT    NOT NULL,
  publication_state TEXT    NOT NULL,
  is_bundle         INTEGER NOT NULL,
  can_uninstall     INTEGER NOT NULL,
  has_eula          INTEGER NOT NULL,
  xml_sha256        BLOB    NOT NULL,
  xml_size          INTEGER NOT NULL,
  xml_compressed    BLOB    NOT NULL,  -- zlib of the original document bytes
  UNIQUE (update_id, revision_number)
);
CREATE INDEX revisions_by_type ON revisions (update_type, category_type);
CREATE INDEX revisions_by_kb ON revisions (kb_article_id) WHERE kb_article_id <> '';

-- The latest (highest) revision of each update: what listings and clients see.
CREATE TABLE updates (
  update_id          TEXT PRIMARY KEY,
  latest_revision_id INTEGER NOT NULL REFERENCES revisions (revision_id)
) WITHOUT ROWID;

-- Prerequisites in conjunctive normal form: one row per (clause, alternative).
-- is_category clauses carry product and classification membership.
CREATE TABLE prerequisites (
  revision_id INTEGER NOT NULL REFERENCES revisions (revision_id),
  clause      INTEGER NOT NULL,
  update_id   TEXT    NOT NULL,
  is_category INTEGER NOT NULL
);
CREATE INDEX prerequisites_by_revision ON prerequisites (revision_id);
CREATE INDEX prerequisites_by_target ON prerequisites (update_id, is_category);

CREATE TABLE bundle_members (
  revision_id            INTEGER NOT NULL REFERENCES revisions (revision_id),
  clause                 INTEGER NOT NULL,
  member_update_id       TEXT    NOT NULL,
  member_revision_number INTEGER NOT NULL
);
CREATE INDEX bundle_members_by_revision ON bundle_members (revision_id);
CREATE INDEX bundle_members_by_member ON bundle_members (member_update_id);

CREATE TABLE supersedence (
  revision_id          INTEGER NOT NULL REFERENCES revisions (revision_id),
  superseded_update_id TEXT    NOT NULL
);
CREATE INDEX supersedence_by_revision ON supersedence (revision_id);
CREATE INDEX supersedence_by_superseded ON supersedence (superseded_update_id);

CREATE TABLE files (
  revision_id   INTEGER NOT NULL REFERENCES revisions (revision_id),
  sha1          BLOB    NOT NULL,
  sha256        BLOB    NOT NULL,
  file_name     TEXT    NOT NULL,
  size          INTEGER NOT NULL,
  modified      TEXT    NOT NULL,
  patching_type TEXT    NOT NULL
);
CREATE INDEX files_by_revision ON files (revision_id);
CREATE INDEX files_by_sha1 ON files (sha1);
CREATE INDEX files_by_sha256 ON files (sha256);

CREATE TABLE cves (
  revision_id INTEGER NOT NULL REFERENCES revisions (revision_id),
  cve_id      TEXT    NOT NULL
);
CREATE INDEX cves_by_id ON cves (cve_id);
)sql";

constexpr std::string_view kMigrations[] = {kMigration1};

}  // namespace

std::span<const std::string_view> SchemaMigrations() { return kMigrations; }

}  // namespace openwsus::store
