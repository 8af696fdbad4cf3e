# swarmgate_add_scenario(<family>)
#   Builds perf_<family> from <family>.cpp (in the calling folder) and registers its rows with CTest, one
#   gtest_discover_tests per tier: tests named <Tier>/<Family>.<Check>/<Row>, labelled
#   smoke, selftest, capacity, benchmark or soak, each with the tier's TIMEOUT (SelftestRuns:
#   self-tests of many runs, such as the regression gate's) (the fixture stops the
#   swarm before it) and RUN_SERIAL (two load tests on two cores would distort each other).
#   Tests run in the build directory, so reports land in <build>/reports/ (or in
#   SWARMGATE_REPORT_DIR). One ENVIRONMENT entry only: gtest_discover_tests in CMake 3.25
#   flattens a list-valued property and would drop the rest.
if(NOT DEFINED SWARMGATE_SOAK_SECONDS)
  set(SWARMGATE_SOAK_SECONDS 1800)
endif()
math(EXPR SWARMGATE_SOAK_TIMEOUT "${SWARMGATE_SOAK_SECONDS} + 600")
set(SWARMGATE_TIERS
  "Smoke smoke 150"
  "Selftest selftest 150"
  "SelftestRuns selftest 400"
  "Capacity capacity 600"
  "Benchmark benchmark 600"
  "Soak soak ${SWARMGATE_SOAK_TIMEOUT}")

function(swarmgate_add_scenario family)
  set(target perf_${family})
  add_executable(${target} ${family}.cpp)
  # In swarmgate's own tree its fixture; in a project of a user's, the installed package's.
  if(TARGET swarmgate_fixtures)
    target_link_libraries(${target} PRIVATE swarmgate_fixtures GTest::gtest_main)
  else()
    target_link_libraries(${target} PRIVATE swarmgate::fixtures GTest::gtest_main)
  endif()
  if(COMMAND swarmgate_strict)
    swarmgate_strict(${target})
  endif()
  foreach(tier IN LISTS SWARMGATE_TIERS)
    separate_arguments(tier)
    list(GET tier 0 prefix)
    list(GET tier 1 label)
    list(GET tier 2 timeout)
    gtest_discover_tests(${target}
      TEST_FILTER "${prefix}/*"
      NO_PRETTY_VALUES
      DISCOVERY_TIMEOUT 30
      WORKING_DIRECTORY ${CMAKE_BINARY_DIR}
      PROPERTIES
        LABELS ${label}
        TIMEOUT ${timeout}
        RUN_SERIAL TRUE
        ENVIRONMENT "SWARMGATE_TEST_TIMEOUT_S=${timeout}")
  endforeach()
endfunction()
