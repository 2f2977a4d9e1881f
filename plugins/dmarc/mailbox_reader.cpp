#include "mailbox_reader.hpp"

#include <govsync/json_fields.hpp>

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/URI.h>

#include <set>
#include <stdexcept>

#include "bounded_input.hpp"
#include "report_unpacker.hpp"

namespace govsync::dmarc {
namespace {

// A fileAttachment's size in bytes as Graph declares it (0 when missing or not a sane number).
long long declared_size(const Poco::JSON::Object& attachment) {
  constexpr double kLargest = 9.0e15;  // far above any limit, and exact as a double
  const auto size = json::number(attachment, "size").value_or(0);
  if (!(size > 0)) return 0;  // missing, negative or NaN
  return static_cast<long long>(size < kLargest ? size : kLargest);
}

// A link to a file in OneDrive or SharePoint, not the file: Graph v1.0 gives it
// no content property (https://learn.microsoft.com/graph/api/resources/referenceattachment)
// and answers its $value with 405 (https://learn.microsoft.com/graph/api/attachment-get).
constexpr const char* kReferenceAttachment = "#microsoft.graph.referenceAttachment";

// A message attached to the message (a forwarded report): Graph v1.0 lists it
// without content (https://learn.microsoft.com/graph/api/resources/itemattachment);
// its $value is the attached message in MIME
// (https://learn.microsoft.com/graph/api/attachment-get).
constexpr const char* kItemAttachment = "#microsoft.graph.itemAttachment";

std::string link_rejection(const std::string& name) {
  return "attachment \"" + name +
         "\" is a link to a file in OneDrive or SharePoint (a Graph referenceAttachment), not the file: "
         "Graph gives no content for a link, so govsync cannot read it; ask the sender to attach the report "
         "itself, or save the file into reports_dir";
}

// A path segment: the characters that would end or split it percent-encoded.
std::string encoded(const std::string& segment) {
  std::string text;
  Poco::URI::encode(segment, "/?#", text);
  return text;
}

// The messages of `mailbox` this tenant's run has read to the end.
std::set<std::string> read_messages(RunContext& ctx, const std::string& mailbox) {
  using Poco::Data::Keywords::use;
  std::string tenant = ctx.tenant().id;
  std::string box = mailbox;
  Poco::Data::Statement select(ctx.session());
  select << "SELECT message_id FROM dmarc_mailbox_messages WHERE tenant_id = $1 AND mailbox = $2", use(tenant),
      use(box);
  select.execute();
  Poco::Data::RecordSet rows(select);
  std::set<std::string> ids;
  for (std::size_t i = 0; i < rows.rowCount(); ++i) ids.insert(rows.value(0, i).convert<std::string>());
  return ids;
}

class MailboxReader {
 public:
  MailboxReader(RunContext& ctx, ReportStore& store, const std::string& mailbox, Route route)
      : ctx_(ctx), store_(store), user_(encoded(mailbox)), route_(route) {}

  // Files every attachment of message `id`; false when it must be read again
  // (a report no tenant owns, or contents that could not be fetched).
  bool read_message(const std::string& id) {
    const auto message = "/v1.0/users/" + user_ + "/messages/" + encoded(id);
    auto pages = ctx_.azure().pages(AzureApi::graph, AzurePaging::odata_next_link, message + "/attachments");
    bool complete = true;
    while (auto page = pages->next()) {
      const auto items = json::array(*page, "value");
      if (!items) continue;
      for (const auto& item : *items) {
        const auto attachment = item.extract<Poco::JSON::Object::Ptr>();
        const auto name = json::text(*attachment, "name");
        const auto source = "mailbox:" + id + "/" + name;
        const auto type = json::text(*attachment, "@odata.type");
        if (type == kReferenceAttachment) {
          store_.reject(source, link_rejection(name));
        } else if (type == kItemAttachment) {
          complete =
              read_item(source, name, message + "/attachments/" + encoded(json::text(*attachment, "id")) + "/$value") &&
              complete;
        } else {
          // fileAttachment: size (bytes) and contentBytes (base64),
          // https://learn.microsoft.com/graph/api/resources/fileattachment
          const auto input =
              decode_bounded_attachment(json::text(*attachment, "contentBytes"), declared_size(*attachment), kLimit);
          if (!input.rejection.empty()) {
            store_.reject(source, input.rejection);
            continue;
          }
          complete = store_.file(source, input.bytes, name, json::text(*attachment, "contentType"), route_) && complete;
        }
      }
    }
    return complete;
  }

 private:
  static constexpr std::size_t kLimit = UnpackLimits{}.max_decompressed_bytes;

  // An attached message: its MIME through `value_path`, read as an e-mail like a
  // .eml file, within the same size limit as any input. A failed fetch rejects
  // this attachment alone (a cancelled run stops).
  bool read_item(const std::string& source, const std::string& name, const std::string& value_path) {
    std::string bytes;
    try {
      bytes = ctx_.azure().get_bytes(AzureApi::graph, value_path, kLimit);
    } catch (const AzureError& error) {
      if (error.kind() == AzureErrorKind::cancelled) throw;
      store_.reject(source, "attachment \"" + name +
                                "\" is an attached message (a Graph itemAttachment) whose contents (" + value_path +
                                ") could not be read: " + error.what());
      return false;
    }
    return store_.file(source, bytes, name, "message/rfc822", route_);
  }

  RunContext& ctx_;
  ReportStore& store_;
  std::string user_;
  Route route_;
};

}  // namespace

// Every message is listed on every run (the listing is small); the messages
// read to the end are written again, so the writer's delete-unseen drops the
// ids of messages no longer in the mailbox.
void read_mailbox(RunContext& ctx, ReportStore& store, const std::string& mailbox, Route route) {
  const auto done = read_messages(ctx, mailbox);
  auto& messages_read = ctx.writer("dmarc_mailbox_messages", {{"mailbox", "message_id"}, true});
  messages_read.delete_unseen_only_for("mailbox", {Value{mailbox}});
  MailboxReader reader(ctx, store, mailbox, route);
  auto messages =
      ctx.azure().pages(AzureApi::graph, AzurePaging::odata_next_link,
                        "/v1.0/users/" + encoded(mailbox) +
                            "/messages?$filter=hasAttachments%20eq%20true&$select=id,subject,receivedDateTime&$top=50");
  std::uint64_t read = 0;
  while (auto page = messages->next()) {
    const auto values = json::array(*page, "value");
    if (!values) continue;
    for (const auto& value : *values) {
      if (ctx.cancelled()) throw std::runtime_error("cancelled");
      const auto id = json::text(*value.extract<Poco::JSON::Object::Ptr>(), "id");
      if (done.count(id) != 0 || reader.read_message(id)) {
        Row row;
        row.set("mailbox", mailbox).set("message_id", id);
        messages_read.upsert(row);
      }
      ctx.progress("messages", ++read, 0);
    }
  }
}

}  // namespace govsync::dmarc
