# swarmgate_add_plan(<plan.json> [LABELS <label>...] [TIMEOUT <seconds>] [PROCESSES <n>])
#   Registers each row of a plan file as a CTest test, Plan/<plan name>/<row name>, that runs
#   `swarmgate run <plan.json> --row <row name>` in the build folder (reports land in
#   <build>/reports/) and passes on exit code 0. LABELS default to "plan"; TIMEOUT (default
#   600 s) bounds the test and, through SWARMGATE_TEST_TIMEOUT_S, the row itself. PROCESSES
#   runs each row as that many shards, one process each, merged (--processes). Tests are
#   RUN_SERIAL: two load tests on two cores would distort each other. The plan is read again
#   whenever it changes; its rows are checked in full when they run (a bad row fails its test
#   with one line naming the key).
function(swarmgate_add_plan plan)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "TIMEOUT;PROCESSES" "LABELS")
  if(NOT arg_LABELS)
    set(arg_LABELS plan)
  endif()
  if(NOT arg_TIMEOUT)
    set(arg_TIMEOUT 600)
  endif()
  get_filename_component(path "${plan}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT EXISTS "${path}")
    message(FATAL_ERROR "swarmgate_add_plan: ${plan}: no such file")
  endif()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${path}")
  file(READ "${path}" text)
  string(JSON count ERROR_VARIABLE error LENGTH "${text}" rows)
  if(error)
    message(FATAL_ERROR "swarmgate_add_plan: ${path}: no \"rows\" array (${error})")
  endif()
  get_filename_component(stem "${path}" NAME_WE)
  math(EXPR last "${count} - 1")
  foreach(i RANGE ${last})
    string(JSON name ERROR_VARIABLE error GET "${text}" rows ${i} name)
    if(error OR NOT name MATCHES "^[A-Za-z0-9_-]+$")
      message(FATAL_ERROR "swarmgate_add_plan: ${path}: /rows/${i}/name: missing or not a row "
                          "name (letters, digits, _ and -)")
    endif()
    set(processes)
    if(arg_PROCESSES)
      set(processes --processes ${arg_PROCESSES})
    endif()
    if(TARGET swarmgate)  # swarmgate's own tree; else the installed package's command
      set(command $<TARGET_FILE:swarmgate>)
    else()
      set(command $<TARGET_FILE:swarmgate::swarmgate>)
    endif()
    add_test(NAME Plan/${stem}/${name}
             COMMAND ${command} run "${path}" --row "${name}" ${processes}
             WORKING_DIRECTORY ${PROJECT_BINARY_DIR})
    set_tests_properties(Plan/${stem}/${name} PROPERTIES
      LABELS "${arg_LABELS}" TIMEOUT ${arg_TIMEOUT} RUN_SERIAL TRUE
      ENVIRONMENT "SWARMGATE_TEST_TIMEOUT_S=${arg_TIMEOUT}")
  endforeach()
endfunction()
