# CDash identity: `ctest -D Experimental` (or ci/dashboard.cmake) submits here.
set(CTEST_PROJECT_NAME "swarmgate")
set(CTEST_NIGHTLY_START_TIME "01:00:00 UTC")
set(CTEST_SUBMIT_URL "http://127.0.0.1:8080/submit.php?project=swarmgate")
set(CTEST_DROP_SITE_CDASH TRUE)
