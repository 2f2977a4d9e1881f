// The supervisor-worker channel: frames, limits, a peer that goes away, and
// the messages both sides build and read.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "channel/frame_channel.hpp"
#include "channel/messages.hpp"
#include "channel/protocol.hpp"

namespace govsync::host::channel {
namespace {

using namespace std::chrono_literals;

struct Pair {
  Pair() {
    int fds[2];
    EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
    a = std::make_unique<FrameChannel>(fds[0], 1s);
    b = std::make_unique<FrameChannel>(fds[1], 1s);
  }
  std::unique_ptr<FrameChannel> a;
  std::unique_ptr<FrameChannel> b;
};

void write_raw(int fd, const std::string& bytes) {
  ASSERT_EQ(::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL), static_cast<ssize_t>(bytes.size()));
}

TEST(FrameChannel, CarriesMessagesInOrderWithTheirFields) {
  Pair pair;
  for (int i = 0; i < 3; ++i) {
    auto message = message_of(message::progress);
    message.set("done", i);
    message.set("stage", std::string("stage \"quoted\" \xc3\xa9"));
    ASSERT_TRUE(pair.a->send(message).ok());
  }
  for (int i = 0; i < 3; ++i) {
    const auto got = pair.b->receive(1s);
    ASSERT_EQ(got.kind, Received::Kind::message) << got.error;
    EXPECT_EQ(got.type(), message::progress);
    EXPECT_EQ(got.object->getValue<int>("done"), i);
    EXPECT_EQ(got.object->getValue<std::string>("stage"), "stage \"quoted\" \xc3\xa9");
  }
}

TEST(FrameChannel, WaitsNoLongerThanItsTimeout) {
  Pair pair;
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(pair.b->receive(100ms).kind, Received::Kind::timeout);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);
}

TEST(FrameChannel, AssemblesAFrameThatArrivesInPieces) {
  Pair pair;
  const auto frame = encode_frame(message_of(message::cancel));
  write_raw(pair.a->fd(), frame.substr(0, 3));
  EXPECT_EQ(pair.b->receive(50ms).kind, Received::Kind::timeout);
  write_raw(pair.a->fd(), frame.substr(3, 5));
  EXPECT_EQ(pair.b->receive(50ms).kind, Received::Kind::timeout);
  write_raw(pair.a->fd(), frame.substr(8));
  EXPECT_EQ(pair.b->receive(1s).type(), message::cancel);
}

TEST(FrameChannel, RefusesAFrameOverTheLimitWithoutAllocatingIt) {
  Pair pair;
  write_raw(pair.a->fd(), std::string("\xff\xff\xff\xff", 4));
  const auto got = pair.b->receive(1s);
  EXPECT_EQ(got.kind, Received::Kind::broken);
  EXPECT_NE(got.error.find("over the"), std::string::npos) << got.error;
}

TEST(FrameChannel, RefusesAFrameThatIsNotAJsonObjectWithAType) {
  for (const std::string body : {"not json", "[1,2]", "{\"no_type\":1}", "{\"type\":null}", "{\"type\":7}"}) {
    Pair pair;
    std::string frame(4, '\0');
    frame[3] = static_cast<char>(body.size());
    write_raw(pair.a->fd(), frame + body);
    EXPECT_EQ(pair.b->receive(1s).kind, Received::Kind::broken) << body;
  }
}

TEST(FrameChannel, SaysClosedWhenThePeerIsGoneAndNamesACutFrame) {
  Pair pair;
  write_raw(pair.a->fd(), encode_frame(message_of(message::log)).substr(0, 6));
  pair.a.reset();
  const auto got = pair.b->receive(1s);
  EXPECT_EQ(got.kind, Received::Kind::closed);
  EXPECT_NE(got.error.find("middle of a frame"), std::string::npos);
  EXPECT_FALSE(pair.b->send(message_of(message::cancel)).ok());
}

TEST(FrameChannel, SendFailsWithinItsTimeoutWhenThePeerStopsReading) {
  Pair pair;
  auto big = message_of(message::log);
  big.set("text", std::string(1 << 20, 'x'));
  const auto started = std::chrono::steady_clock::now();
  Status sent;
  for (int i = 0; i < 64 && sent.ok(); ++i) sent = pair.a->send(big);
  EXPECT_FALSE(sent.ok());
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
}

TEST(ChannelMessages, ConfigurationAndRunStartSurviveTheTrip) {
  WorkerConfiguration sent;
  sent.plugin_keys = {{"lookback_days", "30"}, {"mailbox", "dmarc@{tenant}.example"}};
  sent.database_url = "sqlite:/var/lib/govsync/govsync.db";
  sent.azure.management = "http://127.0.0.1:1234";
  sent.azure.max_retry_time = std::chrono::seconds(7);
  sent.azure.allow_insecure_http = true;
  sent.log_level = "debug";
  const auto got = configuration_of(configure(sent));
  EXPECT_EQ(got.plugin_keys, sent.plugin_keys);
  EXPECT_EQ(got.database_url, sent.database_url);
  EXPECT_EQ(got.azure.management, sent.azure.management);
  EXPECT_EQ(got.azure.max_retry_time, sent.azure.max_retry_time);
  EXPECT_TRUE(got.azure.allow_insecure_http);
  EXPECT_EQ(got.log_level, "debug");

  const RunStart run{42, "host:1:2", {"contoso", "dir-id", {"sub-a", "sub-b"}}, {"costs", 0.25, true}};
  const auto back = run_start_of(start_run(run));
  EXPECT_EQ(back.run_id, 42);
  EXPECT_EQ(back.owner, "host:1:2");
  EXPECT_EQ(back.tenant.id, "contoso");
  EXPECT_EQ(back.tenant.subscriptions, run.tenant.subscriptions);
  EXPECT_EQ(back.deletion.domain, "costs");
  EXPECT_EQ(back.deletion.max_fraction, 0.25);
  EXPECT_TRUE(back.deletion.allowed);
}

TEST(ChannelMessages, NoMessageCarriesATenantsSecret) {
  // The configure message is built from non-secret settings only; a start_run from TenantInfo, which has no secret.
  WorkerConfiguration configuration;
  std::ostringstream text;
  configure(configuration).stringify(text);
  EXPECT_EQ(text.str().find("secret"), std::string::npos) << text.str();
  EXPECT_EQ(text.str().find("authority"), std::string::npos) << text.str();
}

TEST(ChannelMessages, HelloDescribesAPluginOrItsFailure) {
  SingleLoad loaded;
  LoadedPlugin plugin;
  plugin.info.name = "costs";
  plugin.info.version = "1.2.3";
  plugin.info.config_keys = {{"lookback_days", "days to query", "30", false}, {"scope", "what", "", true}};
  plugin.sdk_version = 0x010203;
  loaded.plugin = plugin;
  const auto back = plugin_of_hello(hello(loaded), "/p/costs.so");
  ASSERT_TRUE(back.plugin);
  EXPECT_EQ(back.plugin->info.name, "costs");
  EXPECT_EQ(back.plugin->path, "/p/costs.so");
  EXPECT_EQ(back.plugin->sdk_version, 0x010203U);
  ASSERT_EQ(back.plugin->info.config_keys.size(), 2U);
  EXPECT_TRUE(back.plugin->info.config_keys[1].required);
  EXPECT_EQ(back.plugin->instance, nullptr);

  SingleLoad failed;
  failed.failure = LoadFailure{"/p/x.so", LoadFailureKind::missing_export, "no factory"};
  const auto failure = plugin_of_hello(hello(failed), "/p/x.so");
  ASSERT_TRUE(failure.failure);
  EXPECT_EQ(failure.failure->kind, LoadFailureKind::missing_export);
  EXPECT_EQ(failure.failure->message, "no factory");
}

}  // namespace
}  // namespace govsync::host::channel
