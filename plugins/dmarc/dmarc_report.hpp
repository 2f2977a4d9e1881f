#pragma once
// The DMARC aggregate report data model (RFC 7489 appendix C, DMARCbis / DMARC 2.0, and
// the pre-RFC draft), after normalisation: every text value is trimmed; enum values
// (dispositions, results, policies, alignment modes, scopes, reason types) and domains
// are lower-case; numbers are integers; source IPs are canonical address text.
// An element absent from the report leaves its string empty.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace govsync::dmarc {

/// One DKIM or SPF authentication result of a record (<auth_results><dkim|spf>).
struct AuthResult {
  std::string domain;        ///< the authenticated domain, lower-case (may be empty: some reporters omit it)
  std::string selector;      ///< DKIM selector as given (DKIM only)
  std::string result;        ///< pass, fail, none, neutral, policy, temperror, permerror, softfail, ...
  std::string scope;         ///< SPF scope: mfrom or helo (SPF only, RFC 7489)
  std::string human_result;  ///< free text from <human_result>, as given
};

/// One <record>: a source IP, a message count and how those messages were evaluated.
struct Record {
  std::string source_ip;              ///< canonical text: dotted quad or RFC 5952 IPv6
  std::int64_t count = 0;             ///< number of messages
  std::string disposition;            ///< policy applied: none, quarantine, reject (DMARCbis also: pass)
  std::string dkim_result;            ///< <policy_evaluated><dkim>: DMARC-aligned DKIM result, pass or fail
  std::string spf_result;             ///< <policy_evaluated><spf>: DMARC-aligned SPF result, pass or fail
  std::vector<std::string> reasons;   ///< policy override reasons as "type" or "type: comment"
  std::string header_from;            ///< RFC 5322 From domain, lower-case
  std::string envelope_from;          ///< RFC 5321 MAIL FROM domain, lower-case
  std::string envelope_to;            ///< RFC 5321 RCPT TO domain, lower-case
  std::vector<AuthResult> dkim_auth;  ///< every <auth_results><dkim>, in document order
  std::vector<AuthResult> spf_auth;   ///< every <auth_results><spf>, in document order
};

/// One aggregate report (<feedback>).
struct Report {
  std::string schema;               ///< "dmarc-2.0", "rfc7489" or "draft": see report_parser.hpp
  std::string version;              ///< <version> as given ("1.0", "2.0"), empty when absent
  std::string org_name;             ///< reporting organisation, as given (may be empty)
  std::string org_email;            ///< reporting organisation's contact address
  std::string extra_contact;        ///< <extra_contact_info>
  std::string report_id;            ///< the reporter's unique id of this report (never empty)
  std::string generator;            ///< DMARCbis <generator>, the reporting software
  std::int64_t date_begin = 0;      ///< start of the reporting period, epoch seconds
  std::int64_t date_end = 0;        ///< end of the reporting period, epoch seconds
  std::vector<std::string> errors;  ///< every <report_metadata><error>

  std::string domain;            ///< <policy_published><domain>, lower-case (never empty)
  std::string adkim;             ///< DKIM alignment: r or s
  std::string aspf;              ///< SPF alignment: r or s
  std::string p;                 ///< domain policy: none, quarantine, reject
  std::string sp;                ///< subdomain policy
  std::string np;                ///< non-existent subdomain policy (DMARCbis, some RFC 7489 reporters)
  std::string testing;           ///< DMARCbis testing flag: y or n
  std::string discovery_method;  ///< DMARCbis policy discovery: psl or treewalk
  std::optional<int> pct;        ///< sampling percentage 0..100, absent when not published
  std::string fo;                ///< failure reporting options as given ("0", "1", "d:s")

  std::vector<Record> records;  ///< every <record>, in document order
};

}  // namespace govsync::dmarc
