# CDash: builds swarmgate, runs one tier and submits the results with every row's figures
# (each headline figure is a CTest measurement, plotted by CDash run after run).
#   ctest -S ci/dashboard.cmake                 the smoke tier
#   ctest -S ci/dashboard.cmake,capacity        another tier (a CTest label)
# Submits when SWARMGATE_CDASH_SUBMIT_URL names the dashboard (e.g.
# http://127.0.0.1:8080/submit.php?project=swarmgate); without it the steps run and are
# recorded in <build>/Testing/ only. The build folder is BUILD_DIR (default build-dashboard).
# Fails (non-zero exit) when a step or a test fails.
cmake_minimum_required(VERSION 3.22)
set(tier smoke)
if(CTEST_SCRIPT_ARG)
  set(tier "${CTEST_SCRIPT_ARG}")
endif()
get_filename_component(CTEST_SOURCE_DIRECTORY "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
set(build_dir build-dashboard)
if(DEFINED ENV{BUILD_DIR})
  set(build_dir "$ENV{BUILD_DIR}")
endif()
get_filename_component(CTEST_BINARY_DIRECTORY "${build_dir}" ABSOLUTE BASE_DIR
                       "${CTEST_SOURCE_DIRECTORY}")
set(CTEST_CMAKE_GENERATOR "Unix Makefiles")
site_name(CTEST_SITE)
set(CTEST_BUILD_NAME "swarmgate-${tier}-${CMAKE_SYSTEM_NAME}")
cmake_host_system_information(RESULT cores QUERY NUMBER_OF_LOGICAL_CORES)

ctest_start(Experimental)
ctest_configure(OPTIONS "-DCMAKE_BUILD_TYPE=RelWithDebInfo" RETURN_VALUE configure_failed)
ctest_build(FLAGS "-j${cores}" NUMBER_ERRORS build_errors RETURN_VALUE build_failed)
ctest_test(INCLUDE_LABEL "^${tier}$" RETURN_VALUE tests_failed)
if(DEFINED ENV{SWARMGATE_CDASH_SUBMIT_URL})
  set(CTEST_SUBMIT_URL "$ENV{SWARMGATE_CDASH_SUBMIT_URL}")
  ctest_submit(RETURN_VALUE submit_failed)
  if(submit_failed)
    message(FATAL_ERROR "dashboard: submitting to ${CTEST_SUBMIT_URL} failed")
  endif()
else()
  message(STATUS "dashboard: SWARMGATE_CDASH_SUBMIT_URL unset, results kept in "
                 "${CTEST_BINARY_DIRECTORY}/Testing/")
endif()
if(configure_failed OR build_failed OR build_errors GREATER 0 OR tests_failed)
  message(FATAL_ERROR "dashboard: the ${tier} tier did not pass (configure ${configure_failed}, "
                      "build ${build_failed}/${build_errors} errors, tests ${tests_failed})")
endif()
