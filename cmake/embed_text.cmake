# Writes the text of IN into OUT as a C++ source defining `const char NAME[]` in namespace
# swarmgate (a raw string literal), so a data file can be the one source of something the
# engine also needs compiled in. Run as: cmake -DIN=... -DOUT=... -DNAME=... -P embed_text.cmake
file(READ ${IN} text)
string(FIND "${text}" ")swarmgate_text\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${IN} holds the raw-string delimiter )swarmgate_text\"")
endif()
get_filename_component(name_of_input ${IN} NAME)
set(source "// Generated from ${name_of_input} by cmake/embed_text.cmake; edit that file instead.
namespace swarmgate {
extern const char ${NAME}[];
const char ${NAME}[] = R\"swarmgate_text(${text})swarmgate_text\";
}  // namespace swarmgate
")
if(EXISTS ${OUT})
  file(READ ${OUT} old)
endif()
if(NOT "${old}" STREQUAL "${source}")
  file(WRITE ${OUT} "${source}")
endif()
