// `openwsus import PATH`: a wsusutil export .cab, an update .xml, or a folder.
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "auto_approval/auto_approver.h"
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "common/log.h"
#include "import/importer.h"

namespace openwsus::cli {
namespace {

// Redraws a one-line progress bar on stderr, at most once per percent.
class ProgressBar {
 public:
  void Update(int64_t done, int64_t total) {
    int percent = total > 0 ? static_cast<int>(done * 100 / total) : -1;
    if (percent == last_percent_ && total > 0) return;
    last_percent_ = percent;
    if (total > 0) {
      int filled = percent * 30 / 100;
      std::fprintf(stderr, "\r[%s%s] %3d%% %lld/%lld", std::string(filled, '#').c_str(),
                   std::string(30 - filled, '.').c_str(), percent, static_cast<long long>(done),
                   static_cast<long long>(total));
    } else {
      std::fprintf(stderr, "\r%lld documents", static_cast<long long>(done));
    }
    std::fflush(stderr);
  }
  void Finish() {
    if (last_percent_ != -2) std::fprintf(stderr, "\n");
  }

 private:
  int last_percent_ = -2;
};

int RunImport(const std::string& path, const CommandContext& context) {
  log::SetQuiet(true);  // the summary line below says it all
  auto store = OpenLocalStore(context.globals);
  if (!store.ok()) return ReportError(store.status());
  import::Importer importer(store->get());
  ProgressBar bar;
  import::ProgressFn progress;
  if (!context.globals.quiet && isatty(STDERR_FILENO)) {
    progress = [&bar](int64_t done, int64_t total) { bar.Update(done, total); };
  }
  auto report = importer.ImportPath(path, progress);
  if (progress) bar.Finish();
  if (!report.ok()) {
    std::cerr << "error: import failed, nothing was changed: " << report.status().message() << "\n";
    return 1;
  }
  auto counts = (*store)->Counts();
  std::cout << "Imported " << report->documents << " documents: " << report->added << " added, " << report->unchanged
            << " already stored.\n";
  // New updates meet the automatic approval rules, new revisions the
  // advanced options, as after a WSUS synchronization.
  std::vector<auto_approval::NewRevision> revisions;
  for (const auto& r : report->added_revisions) revisions.push_back({r.update_id, r.new_update, r.publication_state});
  auto automatic = auto_approval::ApplyToNewRevisions(store->get(), revisions, DateTime::Now(), "local import");
  if (!automatic.ok()) {
    std::cerr << "error: the import is stored, but automatic approval failed: " << automatic.status().message() << "\n";
    return 1;
  }
  if (automatic->approvals + automatic->declined + automatic->approvals_removed > 0) {
    std::cout << "Automatic approval: " << automatic->approvals << " approvals, " << automatic->declined
              << " expired updates declined, " << automatic->approvals_removed << " new revisions left unapproved.\n";
  }
  if (counts.ok()) {
    std::cout << "The catalog holds " << counts->revisions << " revisions of " << counts->updates << " updates.\n";
  }
  return 0;
}

}  // namespace

void AddImportCommand(CLI::App* command, CommandContext* context) {
  auto path = std::make_shared<std::string>();
  command->add_option("path", *path, "A wsusutil export .cab, an update .xml document, or a folder of them")
      ->required();
  command->callback([path, context] { context->exit_code = RunImport(*path, *context); });
}

}  // namespace openwsus::cli
