#include "agent/computer_state.h"

#include <gtest/gtest.h>

namespace openwsus::agent {
namespace {

TEST(ComputerStateTest, RoundTripsThroughJson) {
  ComputerState state;
  state.client_id = *Guid::Parse("0f1ee700-0000-4000-8000-000000000001");
  Guid a = *Guid::Parse("a0000000-0000-4000-8000-000000000001");
  Guid b = *Guid::Parse("a0000000-0000-4000-8000-000000000002");
  state.installed = {a, b};
  state.pending_reboot = {b};
  state.failed = {a};
  state.uninstalled = {b};
  state.outcomes = {{a, InstallOutcome::kFails}, {b, InstallOutcome::kNeedsRestart}};
  AgentEvent e;
  e.event_id = 183;
  e.update = {a, 200};
  e.win32_hresult = -5;
  e.replacement_strings = {"Title"};
  e.misc_data = {"B=1"};
  e.time_at_target = "2026-12-01T10:00:00Z";
  state.unsent = {e};
  state.drivers["pci\\ven_c0de&dev_0001&subsys_1"] = {
      "pci\\ven_c0de&dev_0001", "2026-03-04", "2.1.0.7", "Net", "Contoso", "Contoso", ""};

  auto back = ComputerState::FromJson(state.ToJson());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->client_id, state.client_id);
  EXPECT_EQ(back->installed, state.installed);
  EXPECT_EQ(back->pending_reboot, state.pending_reboot);
  EXPECT_EQ(back->failed, state.failed);
  EXPECT_EQ(back->uninstalled, state.uninstalled);
  EXPECT_EQ(back->outcomes, state.outcomes);
  EXPECT_EQ(back->drivers, state.drivers);
  ASSERT_EQ(back->unsent.size(), 1u);
  EXPECT_EQ(back->unsent[0].instance_id, e.instance_id) << "the same instance id: a resend is not a new event";
  EXPECT_EQ(back->unsent[0].event_id, 183);
  EXPECT_EQ(back->unsent[0].update.revision_number, 200);
  EXPECT_EQ(back->unsent[0].win32_hresult, -5);
  EXPECT_EQ(back->unsent[0].misc_data, e.misc_data);
  EXPECT_EQ(back->unsent[0].time_at_target, e.time_at_target);
}

TEST(ComputerStateTest, BadFilesSayWhatIsWrong) {
  struct Case {
    const char* json;
    const char* message;
  } cases[] = {
      {"[]", "not a JSON object"},
      {"{}", "client_id is missing"},
      {R"({"client_id": "x"})", "GUID"},
      {R"({"client_id": "0f1ee700-0000-4000-8000-000000000001", "installed": "a"})", "installed must be an array"},
      {R"({"client_id": "0f1ee700-0000-4000-8000-000000000001", "outcomes": {"a0000000-0000-4000-8000-000000000001": "maybe"}})",
       "must be succeeds, needs-restart or fails"},
      {R"({"client_id": "0f1ee700-0000-4000-8000-000000000001", "drivers": []})", "drivers must be an object"},
      {R"({"client_id": "0f1ee700-0000-4000-8000-000000000001", "drivers": {"x": {"matching_id": "x"}}})",
       "drivers[\"x\"].date: is required"},
  };
  for (const Case& c : cases) {
    auto state = ComputerState::FromJson(c.json);
    ASSERT_FALSE(state.ok()) << c.json;
    EXPECT_NE(state.status().message().find(c.message), std::string::npos) << state.status().ToString();
  }
}

}  // namespace
}  // namespace openwsus::agent
