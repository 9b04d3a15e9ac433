// DataDir: the one directory that holds a server's state: the SQLite database,
// the content files, the keys and the file naming the ports it listens on.
//
// Its default is $OPENWSUS_DATA_DIR, else $XDG_DATA_HOME/openwsus, else
// ~/.local/share/openwsus; every subcommand that touches local state takes
// --data-dir to choose another.
#ifndef OPENWSUS_APP_DATA_DIR_H_
#define OPENWSUS_APP_DATA_DIR_H_

#include <string>

#include "common/status.h"
#include "store/open_store.h"

namespace openwsus::app {

class DataDir {
 public:
  explicit DataDir(std::string root) : root_(std::move(root)) {}

  static std::string DefaultRoot();

  // Creates the directory tree (mode 0700 for the root: it holds keys).
  Status Create() const;

  const std::string& root() const { return root_; }
  std::string database_path() const { return root_ + "/openwsus.db"; }
  // The store the data directory holds, as OpenStore takes it.
  std::string store_url() const { return store::SqliteUrl(database_path()); }
  std::string content_dir() const { return root_ + "/content"; }
  std::string keys_dir() const { return root_ + "/keys"; }
  std::string tmp_dir() const { return root_ + "/tmp"; }
  std::string config_path() const { return root_ + "/openwsus.json"; }
  // Written by `serve` once it listens: {"http_port": N, "https_port": M}.
  std::string ports_path() const { return root_ + "/ports.json"; }

 private:
  std::string root_;
};

}  // namespace openwsus::app

#endif  // OPENWSUS_APP_DATA_DIR_H_
