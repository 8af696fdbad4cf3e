# CDash identity for `ctest -D Experimental|Nightly`. The submit URL is the dashboard you run,
# given as SWARMGATE_CDASH_SUBMIT_URL (e.g. http://127.0.0.1:8080/submit.php?project=swarmgate);
# without it the dashboard steps run and record locally but submit nowhere.
set(CTEST_PROJECT_NAME "swarmgate")
set(CTEST_NIGHTLY_START_TIME "01:00:00 UTC")
set(CTEST_DROP_SITE_CDASH TRUE)
if(DEFINED ENV{SWARMGATE_CDASH_SUBMIT_URL})
  set(CTEST_SUBMIT_URL "$ENV{SWARMGATE_CDASH_SUBMIT_URL}")
endif()
