#include "swarmgate/plan.h"

#include <cctype>
#include <cstdio>
#include <set>

#include "json_file.h"
#include "swarmgate/families.h"
#include "swarmgate/row_parameters.h"

namespace swarmgate {
namespace {

// Far above any plan written by hand; a bigger file is something else.
constexpr std::uintmax_t kMaxPlanBytes = 1 << 20;
// Row names become test names and report file names.
constexpr std::size_t kMaxRowNameLength = 64;

bool IsRowName(std::string_view name) {
  if (name.empty() || name.size() > kMaxRowNameLength) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
  }
  return true;
}

// A scalar as the command line would have typed it; nullopt for anything else.
std::optional<std::string> ScalarText(const rapidjson::Value& v) {
  if (v.IsString()) return std::string(v.GetString(), v.GetStringLength());
  if (v.IsInt64()) return std::to_string(v.GetInt64());
  if (v.IsNumber()) {
    char text[32];
    std::snprintf(text, sizeof text, "%.15g", v.GetDouble());
    return std::string(text);
  }
  return std::nullopt;
}

class PlanReader {
 public:
  PlanReader(std::string source, std::vector<std::string>* errors)
      : source_(std::move(source)), errors_(errors) {}

  std::optional<Plan> Read(std::string_view json) {
    rapidjson::Document doc;
    if (!ParseJsonText(json, source_, &doc, errors_)) return std::nullopt;
    if (!doc.IsObject()) {
      Problem("/", "expected a JSON object with \"rows\"");
      return std::nullopt;
    }
    Plan plan;
    plan.source = source_;
    for (const auto& m : doc.GetObject()) {
      const std::string key(m.name.GetString(), m.name.GetStringLength());
      if (key != "rows" && key != "description") {
        Problem("/" + PointerToken(key), "unknown key (a plan has \"rows\" and \"description\")");
      }
    }
    const auto rows = doc.FindMember("rows");
    if (rows == doc.MemberEnd() || !rows->value.IsArray() || rows->value.Empty()) {
      Problem("/rows", "missing (expected an array of at least one row)");
    } else {
      std::set<std::string> names;
      for (rapidjson::SizeType i = 0; i < rows->value.Size(); ++i) {
        const std::string at = "/rows/" + std::to_string(i);
        std::optional<PlannedRow> row = ReadRow(rows->value[i], at, true);
        if (!row) continue;
        if (!names.insert(row->row.name).second) {
          Problem(at + "/name", "\"" + row->row.name + "\" names another row too");
        }
        plan.rows.push_back(std::move(*row));
      }
    }
    if (problems_ > 0) return std::nullopt;
    return plan;
  }

 private:
  void Problem(const std::string& at, const std::string& what) {
    errors_->push_back(source_ + ": " + at + ": " + what);
    ++problems_;
  }

  std::optional<std::string> String(const rapidjson::Value& row, const char* key,
                                    const std::string& at) {
    const auto it = row.FindMember(key);
    if (it == row.MemberEnd()) {
      Problem(at + "/" + key, "missing");
      return std::nullopt;
    }
    if (!it->value.IsString()) {
      Problem(at + "/" + key, "expected a string");
      return std::nullopt;
    }
    return std::string(it->value.GetString(), it->value.GetStringLength());
  }

  std::optional<PlannedRow> ReadRow(const rapidjson::Value& object, const std::string& at,
                                    bool main) {
    if (!object.IsObject()) {
      Problem(at, "expected a row (an object with \"name\" and \"family\")");
      return std::nullopt;
    }
    const std::optional<std::string> name = String(object, "name", at);
    const std::optional<std::string> family_name = String(object, "family", at);
    if (name && !IsRowName(*name)) {
      Problem(at + "/name", "\"" + *name +
                                "\" is not a row name (letters, digits, _ and -, at "
                                "most 64)");
    }
    const Family* family = family_name ? FamilyNamed(*family_name) : nullptr;
    if (family_name && !family) {
      std::string known;
      for (const Family& f : Families()) known += (known.empty() ? "" : ", ") + std::string(f.name);
      Problem(at + "/family", "\"" + *family_name + "\" is not a family (" + known + ")");
    }
    if (!name || !family) return std::nullopt;

    const int before = problems_;
    RowBuilder builder(*family, *name);
    std::set<std::string> lists;
    for (const ParameterInfo& p : builder.Parameters()) {
      if (p.repeatable) lists.insert(p.name + "s");
    }
    std::vector<const rapidjson::Value*> alongside;
    for (const auto& m : object.GetObject()) {
      const std::string key(m.name.GetString(), m.name.GetStringLength());
      const std::string key_at = at + "/" + PointerToken(key);
      if (key == "name" || key == "family" || key == "description") continue;
      if (key == "alongside") {
        if (!main) {
          Problem(key_at, "a row alongside cannot have rows alongside");
        } else if (!m.value.IsArray()) {
          Problem(key_at, "expected an array of rows");
        } else {
          for (const auto& side : m.value.GetArray()) alongside.push_back(&side);
        }
        continue;
      }
      if (lists.count(key)) {
        if (!m.value.IsArray()) {
          Problem(key_at, "expected an array");
          continue;
        }
        const std::string single = key.substr(0, key.size() - 1);
        for (rapidjson::SizeType i = 0; i < m.value.Size(); ++i) {
          const std::optional<std::string> text = ScalarText(m.value[i]);
          const std::string item_at = key_at + "/" + std::to_string(i);
          if (!text) {
            Problem(item_at, "expected a string");
          } else if (std::string why = builder.Set(single, *text); !why.empty()) {
            Problem(item_at, why);
          }
        }
        continue;
      }
      if (lists.count(key + "s")) {
        Problem(key_at, "a list: write \"" + key + "s\": [...]");
        continue;
      }
      const std::optional<std::string> text = ScalarText(m.value);
      if (!text) {
        Problem(key_at, "expected a string or a number");
      } else if (std::string why = builder.Set(key, *text); !why.empty()) {
        Problem(key_at, why);
      }
    }
    std::vector<std::string> problems;
    PlannedRow out{*family_name, builder.Build(&problems)};
    if (problems_ == before) {  // the row's own checks mean little over bad parameters
      for (const std::string& problem : problems) Problem(at, problem);
    }
    for (std::size_t i = 0; i < alongside.size(); ++i) {
      std::optional<PlannedRow> side =
          ReadRow(*alongside[i], at + "/alongside/" + std::to_string(i), false);
      if (side) out.row.Alongside(std::move(side->row));
    }
    return out;
  }

  std::string source_;
  std::vector<std::string>* errors_;
  int problems_ = 0;
};

}  // namespace

std::optional<Plan> ParsePlan(std::string_view json, const std::string& source,
                              std::vector<std::string>* errors) {
  return PlanReader(source, errors).Read(json);
}

std::optional<Plan> LoadPlan(const std::string& path, std::vector<std::string>* errors) {
  const std::optional<std::string> text = ReadJsonFile(path, kMaxPlanBytes, "plan", errors);
  if (!text) return std::nullopt;
  return ParsePlan(*text, path, errors);
}

}  // namespace swarmgate
