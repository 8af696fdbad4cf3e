#include "swarmgate/secrets.h"

#include <rapidjson/document.h>

#include <algorithm>
#include <cctype>

#include "swarmgate/profile.h"
#include "swarmgate/target_url.h"

namespace swarmgate {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Whether `word` appears in `name` delimited by non-letters (so "sid" is not in "inside").
bool HasWord(const std::string& name, std::string_view word) {
  for (std::size_t at = name.find(word); at != std::string::npos; at = name.find(word, at + 1)) {
    const bool start = at == 0 || !std::isalpha(static_cast<unsigned char>(name[at - 1]));
    const std::size_t end = at + word.size();
    const bool stop = end == name.size() || !std::isalpha(static_cast<unsigned char>(name[end]));
    if (start && stop) return true;
  }
  return false;
}

// Every string value in a JSON text (the auth payload, an action's fields), with the name of
// the member it is under ("" inside arrays and at the top).
void StringsOf(const rapidjson::Value& v, std::string_view name, bool all,
               std::vector<std::string>* out) {
  if (v.IsString()) {
    if (all || IsCredentialName(name)) out->emplace_back(v.GetString(), v.GetStringLength());
  } else if (v.IsObject()) {
    for (const auto& m : v.GetObject()) {
      StringsOf(m.value, {m.name.GetString(), m.name.GetStringLength()},
                all || IsCredentialName(name), out);
    }
  } else if (v.IsArray()) {
    for (const auto& e : v.GetArray()) StringsOf(e, name, all, out);
  }
}

void JsonStrings(const std::string& json, bool all, std::vector<std::string>* out) {
  if (json.empty()) return;
  rapidjson::Document doc;  // a profile's own JSON: already checked and depth-bounded
  doc.Parse(json.c_str(), json.size());
  if (!doc.HasParseError()) StringsOf(doc, "", all, out);
}

// The values of credential-named parameters in a query ("a=1&token=x" -> "x").
void QuerySecrets(std::string_view url, std::vector<std::string>* out) {
  const std::size_t q = url.find('?');
  if (q == std::string_view::npos) return;
  std::string_view query = url.substr(q + 1);
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const std::size_t eq = pair.find('=');
    if (eq != std::string_view::npos && IsCredentialName(pair.substr(0, eq))) {
      out->emplace_back(pair.substr(eq + 1));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
}

// The values of a Cookie header ("a=1; b=2" -> "1", "2"): each cookie is a credential.
void CookieValues(std::string_view header, std::vector<std::string>* out) {
  while (!header.empty()) {
    const std::size_t semicolon = header.find(';');
    const std::string_view pair = header.substr(0, semicolon);
    const std::size_t eq = pair.find('=');
    if (eq != std::string_view::npos) out->emplace_back(pair.substr(eq + 1));
    if (semicolon == std::string_view::npos) break;
    header.remove_prefix(semicolon + 1);
  }
}

}  // namespace

bool IsCredentialName(std::string_view name) {
  const std::string n = Lower(name);
  for (std::string_view part : {"authorization", "cookie", "token", "secret", "password", "passwd",
                                "auth", "apikey", "api_key", "api-key", "session", "credential"}) {
    if (n.find(part) != std::string::npos) return true;
  }
  return HasWord(n, "sid") || HasWord(n, "key");
}

std::string RedactQuery(std::string_view url) {
  std::string out(url.substr(0, url.find('?')));
  const std::size_t q = url.find('?');
  if (q == std::string_view::npos) return out;
  std::string_view query = url.substr(q + 1);
  out += '?';
  for (bool first = true; !query.empty() || first; first = false) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const std::size_t eq = pair.find('=');
    if (!first) out += '&';
    if (eq != std::string_view::npos && IsCredentialName(pair.substr(0, eq))) {
      out.append(pair.substr(0, eq + 1));
      out.append(kRedacted);
    } else {
      out.append(pair);
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

Secrets Secrets::Of(const Profile* profile, const TargetUrl& target) {
  Secrets s;
  std::vector<std::string> values;
  QuerySecrets(target.resource, &values);
  if (profile) {
    for (const auto& [name, value] : profile->headers) {
      if (Lower(name) == "cookie") {
        CookieValues(value, &values);
      } else if (IsCredentialName(name)) {
        values.push_back(value);
      }
    }
    JsonStrings(profile->socketio_auth_json, true, &values);
    QuerySecrets(profile->path, &values);
    for (const auto& action : profile->actions) {
      if (!action) continue;
      JsonStrings(action->fields_json, false, &values);
      QuerySecrets(action->path, &values);
      for (const auto& [kind, variant] : action->variants) {
        JsonStrings(variant.fields_json, false, &values);
      }
    }
    for (const auto& [name, list] : profile->values) {
      if (!IsCredentialName(name)) continue;
      values.insert(values.end(), list.begin(), list.end());
    }
  }
  for (const std::string& v : values) s.Add(v);
  return s;
}

void Secrets::Add(std::string_view value) {
  // The literal runs between placeholders; "{...}" is filled in per user and is no secret.
  std::size_t at = 0;
  while (at < value.size()) {
    const std::size_t open = value.find('{', at);
    std::string_view literal = value.substr(at, open - at);
    while (!literal.empty() && literal.front() == ' ') literal.remove_prefix(1);
    while (!literal.empty() && literal.back() == ' ') literal.remove_suffix(1);
    // An authorization scheme is not the secret; the credential after it is.
    for (std::string_view scheme : {"Bearer", "Basic", "Token", "Digest"}) {
      if (literal.substr(0, scheme.size()) == scheme &&
          (literal.size() == scheme.size() || literal[scheme.size()] == ' ')) {
        literal.remove_prefix(std::min(literal.size(), scheme.size() + 1));
      }
    }
    if (literal.size() >= 4 &&
        std::find(literals_.begin(), literals_.end(), literal) == literals_.end()) {
      literals_.emplace_back(literal);
    }
    if (open == std::string_view::npos) break;
    const std::size_t close = value.find('}', open);
    if (close == std::string_view::npos) break;
    at = close + 1;
  }
  std::sort(literals_.begin(), literals_.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

std::string Secrets::Redact(std::string_view text) const {
  std::string out(text);
  for (const std::string& secret : literals_) {
    for (std::size_t at = out.find(secret); at != std::string::npos;
         at = out.find(secret, at + kRedacted.size())) {
      out.replace(at, secret.size(), kRedacted);
    }
  }
  return out;
}

}  // namespace swarmgate
