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

// Administration: groups, computers, approvals, declines, status, rules,
// settings, API tokens and the audit log. The built-in groups carry the ids
// real WSUS gives them.
constexpr std::string_view kMigration2 = R"sql(
CREATE TABLE target_groups (
  group_id  TEXT PRIMARY KEY,
  name      TEXT NOT NULL,
  parent_id TEXT
) WITHOUT ROWID;
INSERT INTO target_groups VALUES ('a0a08746-4dbe-4a37-9adf-9e7652c0b421', 'All Computers', NULL);
INSERT INTO target_groups VALUES ('b73ca6ed-5727-47f3-84de-015e03f6a88a', 'Unassigned Computers',
                                  'a0a08746-4dbe-4a37-9adf-9e7652c0b421');

CREATE TABLE computers (
  computer_id      TEXT PRIMARY KEY,
  name             TEXT NOT NULL,
  ip_address       TEXT NOT NULL,
  os_description   TEXT NOT NULL,
  last_sync        TEXT,
  last_report      TEXT,
  created          TEXT NOT NULL,
  requested_groups TEXT NOT NULL  -- names the client asked for, one per line
) WITHOUT ROWID;

CREATE TABLE computer_groups (
  computer_id TEXT NOT NULL,
  group_id    TEXT NOT NULL,
  PRIMARY KEY (computer_id, group_id)
) WITHOUT ROWID;
CREATE INDEX computer_groups_by_group ON computer_groups (group_id);

CREATE TABLE approvals (
  update_id TEXT    NOT NULL,
  group_id  TEXT    NOT NULL,
  action    INTEGER NOT NULL,  -- policy::ApprovalAction
  deadline  TEXT,
  created   TEXT    NOT NULL,
  admin     TEXT    NOT NULL,
  PRIMARY KEY (update_id, group_id)
) WITHOUT ROWID;
CREATE INDEX approvals_by_group ON approvals (group_id);

CREATE TABLE declined_updates (update_id TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE eula_accepted (update_id TEXT PRIMARY KEY) WITHOUT ROWID;

CREATE TABLE update_status (
  computer_id TEXT    NOT NULL,
  update_id   TEXT    NOT NULL,
  state       INTEGER NOT NULL,  -- policy::InstallationState
  time        TEXT    NOT NULL,
  PRIMARY KEY (computer_id, update_id)
) WITHOUT ROWID;

CREATE TABLE auto_approval_rules (
  rule_id            TEXT PRIMARY KEY,
  name               TEXT    NOT NULL,
  enabled            INTEGER NOT NULL,
  classification_ids TEXT    NOT NULL,  -- space-separated ids
  product_ids        TEXT    NOT NULL,
  group_ids          TEXT    NOT NULL,
  deadline_days      INTEGER,           -- NULL: no deadline
  deadline_minutes   INTEGER
) WITHOUT ROWID;

CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE api_tokens (
  token_id INTEGER PRIMARY KEY AUTOINCREMENT,
  name     TEXT    NOT NULL,
  role     INTEGER NOT NULL,
  hash     TEXT    NOT NULL UNIQUE,  -- hex SHA-256: the token itself is never stored
  prefix   TEXT    NOT NULL,
  created  TEXT    NOT NULL,
  revoked  INTEGER NOT NULL
);

CREATE TABLE audit_log (
  entry_id INTEGER PRIMARY KEY AUTOINCREMENT,
  time     TEXT NOT NULL,
  actor    TEXT NOT NULL,
  action   TEXT NOT NULL,
  target   TEXT NOT NULL,
  details  TEXT NOT NULL
);
)sql";

// Client services (MS-WUSP): a deployment id per approval row, what computers
// say of themselves, and their events. Approvals are rebuilt with an
// AUTOINCREMENT key (SQLite cannot add one to a table): INSERT OR REPLACE
// then gives every rewritten row a fresh id, which is what a client must see
// when a deployment changes. The ids start above 2^30 so that they never meet
// a revision id, which names the deployments without a row behind them.
constexpr std::string_view kMigration3 = R"sql(
CREATE TABLE approvals_v3 (
  deployment_id INTEGER PRIMARY KEY AUTOINCREMENT,
  update_id     TEXT    NOT NULL,
  group_id      TEXT    NOT NULL,
  action        INTEGER NOT NULL,  -- policy::ApprovalAction
  deadline      TEXT,
  created       TEXT    NOT NULL,
  admin         TEXT    NOT NULL,
  UNIQUE (update_id, group_id)
);
INSERT INTO sqlite_sequence (name, seq) VALUES ('approvals_v3', 1073741823);  -- renamed with the table
INSERT INTO approvals_v3 (update_id, group_id, action, deadline, created, admin)
  SELECT update_id, group_id, action, deadline, created, admin FROM approvals;
DROP TABLE approvals;
ALTER TABLE approvals_v3 RENAME TO approvals;
CREATE INDEX approvals_by_group ON approvals (group_id);

ALTER TABLE computers ADD COLUMN info TEXT NOT NULL DEFAULT '{}';  -- ComputerInfo fields, JSON
ALTER TABLE computers ADD COLUMN groups_changed TEXT;

CREATE TABLE client_events (
  computer_id         TEXT    NOT NULL,
  event_instance_id   TEXT    NOT NULL,
  namespace_id        INTEGER NOT NULL,
  event_id            INTEGER NOT NULL,
  source_id           INTEGER NOT NULL,
  time_at_target      TEXT    NOT NULL,
  received            TEXT    NOT NULL,
  update_id           TEXT    NOT NULL,
  revision_number     INTEGER NOT NULL,
  win32_hresult       INTEGER NOT NULL,
  app_name            TEXT    NOT NULL,
  replacement_strings TEXT    NOT NULL,  -- JSON array of strings
  misc_data           TEXT    NOT NULL,  -- JSON array of "K=V" strings
  PRIMARY KEY (computer_id, event_instance_id)
) WITHOUT ROWID;
CREATE INDEX client_events_by_received ON client_events (received);
)sql";

// Server-to-server sync (MS-WSUSSS): one change number that moves with every
// change a downstream server syncs, in the same transaction, so that an
// anchor (a change number) means "everything up to here". Revisions take the
// number of their import transaction (set by the importer: one number per
// transaction keeps a 20,000-revision import cheap); the admin tables move it
// through triggers, whoever writes them. A removed approval leaves its
// deployment id in dead_deployments, for a replica's DeadDeployments.
constexpr std::string_view kMigration4 = R"sql(
CREATE TABLE change_sequence (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL);
INSERT INTO change_sequence VALUES (1, 0);

ALTER TABLE revisions ADD COLUMN change_number INTEGER NOT NULL DEFAULT 0;
CREATE INDEX revisions_by_change ON revisions (change_number);
ALTER TABLE approvals ADD COLUMN change_number INTEGER NOT NULL DEFAULT 0;
CREATE INDEX approvals_by_change ON approvals (change_number);

CREATE TABLE dead_deployments (
  deployment_id INTEGER PRIMARY KEY,
  update_id     TEXT    NOT NULL,
  group_id      TEXT    NOT NULL,
  change_number INTEGER NOT NULL
);
CREATE INDEX dead_deployments_by_change ON dead_deployments (change_number);

CREATE TRIGGER approvals_written AFTER INSERT ON approvals BEGIN
  UPDATE change_sequence SET value = value + 1;
  UPDATE approvals SET change_number = (SELECT value FROM change_sequence)
    WHERE deployment_id = NEW.deployment_id;
END;
CREATE TRIGGER approvals_removed AFTER DELETE ON approvals BEGIN
  UPDATE change_sequence SET value = value + 1;
  INSERT OR REPLACE INTO dead_deployments
    VALUES (OLD.deployment_id, OLD.update_id, OLD.group_id, (SELECT value FROM change_sequence));
END;
CREATE TRIGGER declined_set AFTER INSERT ON declined_updates BEGIN
  UPDATE change_sequence SET value = value + 1;
END;
CREATE TRIGGER declined_cleared AFTER DELETE ON declined_updates BEGIN
  UPDATE change_sequence SET value = value + 1;
END;
CREATE TRIGGER groups_added AFTER INSERT ON target_groups BEGIN
  UPDATE change_sequence SET value = value + 1;
END;
CREATE TRIGGER groups_moved AFTER UPDATE ON target_groups BEGIN
  UPDATE change_sequence SET value = value + 1;
END;
CREATE TRIGGER groups_removed AFTER DELETE ON target_groups BEGIN
  UPDATE change_sequence SET value = value + 1;
END;
CREATE TRIGGER eula_accepted_added AFTER INSERT ON eula_accepted BEGIN
  UPDATE change_sequence SET value = value + 1;
END;

CREATE TABLE downstream_servers (
  server_id        TEXT PRIMARY KEY,
  name             TEXT    NOT NULL,
  address          TEXT    NOT NULL,
  mode             INTEGER NOT NULL,  -- store::DownstreamMode
  protocol_version TEXT    NOT NULL,
  first_seen       TEXT    NOT NULL,
  last_seen        TEXT    NOT NULL,
  last_sync        TEXT,
  last_rollup      TEXT
) WITHOUT ROWID;

-- Where a file can be fetched from its origin (Microsoft Update's CDN), as an
-- export or an upstream named it: GetUpdateData's MUUrl.
CREATE TABLE file_origins (sha1 BLOB PRIMARY KEY, url TEXT NOT NULL) WITHOUT ROWID;
)sql";

constexpr std::string_view kMigrations[] = {kMigration1, kMigration2, kMigration3, kMigration4};

}  // namespace

std::span<const std::string_view> SchemaMigrations() { return kMigrations; }

}  // namespace openwsus::store
