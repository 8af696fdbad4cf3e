#include "swarmgate/slo.h"

#include <algorithm>

#include "json_file.h"
#include "swarmgate/families.h"
#include "swarmgate/threshold.h"

namespace swarmgate {
namespace {

constexpr std::uintmax_t kMaxSloBytes = 1 << 20;

void LayOver(std::vector<SourcedThreshold>* base, const std::vector<std::string>& over,
             const std::string& source) {
  for (const std::string& text : over) {
    const std::string key = SameBoundKey(text);
    auto same = std::find_if(base->begin(), base->end(), [&](const SourcedThreshold& b) {
      return SameBoundKey(b.text) == key;
    });
    if (same == base->end()) {
      base->push_back({text, source, ""});
    } else {
      const std::string replaced = same->replaced.empty() ? same->text : same->replaced;
      *same = {text, source, replaced};
    }
  }
}

}  // namespace

std::optional<SloFile> ParseSlo(std::string_view json, const std::string& source,
                                std::vector<std::string>* errors) {
  rapidjson::Document doc;
  if (!ParseJsonText(json, source, &doc, errors)) return std::nullopt;
  const std::size_t before = errors->size();
  const auto problem = [&](const std::string& at, const std::string& what) {
    errors->push_back(source + ": " + at + ": " + what);
  };
  if (!doc.IsObject()) {
    problem("/", "expected an object with \"families\" and/or \"rows\"");
    return std::nullopt;
  }
  SloFile slo;
  slo.source = source;
  for (const auto& section : doc.GetObject()) {
    const std::string name(section.name.GetString(), section.name.GetStringLength());
    const std::string at = "/" + PointerToken(name);
    if (name == "description") continue;
    if (name != "families" && name != "rows") {
      problem(at, "unknown key (an SLO file has \"families\", \"rows\" and \"description\")");
      continue;
    }
    if (!section.value.IsObject()) {
      problem(at, "expected an object of names to lists of thresholds");
      continue;
    }
    auto& into = name == "families" ? slo.families : slo.rows;
    for (const auto& entry : section.value.GetObject()) {
      const std::string key(entry.name.GetString(), entry.name.GetStringLength());
      const std::string entry_at = at + "/" + PointerToken(key);
      if (name == "families" && !FamilyNamed(key)) {
        std::string known;
        for (const Family& f : Families())
          known += (known.empty() ? "" : ", ") + std::string(f.name);
        problem(entry_at, "not a family (" + known + ")");
        continue;
      }
      if (!entry.value.IsArray()) {
        problem(entry_at, "expected a list of thresholds");
        continue;
      }
      for (rapidjson::SizeType i = 0; i < entry.value.Size(); ++i) {
        const auto& v = entry.value[i];
        const std::string item_at = entry_at + "/" + std::to_string(i);
        std::string error;
        if (!v.IsString()) {
          problem(item_at, "expected a threshold (a string)");
        } else if (!ParseThreshold(std::string_view(v.GetString(), v.GetStringLength()), &error)) {
          problem(item_at, error);
        } else {
          into[key].emplace_back(v.GetString(), v.GetStringLength());
        }
      }
    }
  }
  if (errors->size() > before) return std::nullopt;
  return slo;
}

std::optional<SloFile> LoadSlo(const std::string& path, std::vector<std::string>* errors) {
  const std::optional<std::string> text = ReadJsonFile(path, kMaxSloBytes, "SLO file", errors);
  if (!text) return std::nullopt;
  return ParseSlo(*text, path, errors);
}

std::vector<SourcedThreshold> ApplySlo(const std::vector<std::string>& row_thresholds,
                                       const SloFile* slo, std::string_view family,
                                       const std::string& row_id) {
  std::vector<SourcedThreshold> out;
  for (const std::string& text : row_thresholds) out.push_back({text, "row", ""});
  if (!slo) return out;
  if (const auto it = slo->families.find(std::string(family)); it != slo->families.end()) {
    LayOver(&out, it->second, slo->source + " families/" + it->first);
  }
  if (const auto it = slo->rows.find(row_id); it != slo->rows.end()) {
    LayOver(&out, it->second, slo->source + " rows/" + it->first);
  }
  return out;
}

}  // namespace swarmgate
