#pragma once
// A row's outcome as JUnit XML, the test-result format CI systems read (GitHub and GitLab test
// reports, Jenkins, CDash): one testsuite with one testcase, whose properties carry the
// verdict, the headline figures and the p50/p95/p99 of every latency measured, and whose
// failure (a broken threshold), error (not judged: inconclusive, or not run) or skipped (not
// applicable) element carries every verdict line, uncut; system-out has the verdict and each
// threshold with the value measured against it.

#include <string>

#include "swarmgate/run.h"

namespace swarmgate {

// row_id "Smoke/Chat/Pairs20" is the testcase Pairs20 of class Smoke/Chat; elapsed_s and
// started_unix_s place it in time.
std::string RenderJunit(const RowOutcome& outcome, const std::string& row_id, double elapsed_s,
                        double started_unix_s);

}  // namespace swarmgate
