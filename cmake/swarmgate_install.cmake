# Install rules, the CMake package and the Debian package (CPack). The tree:
#   bin/swarmgate                                   the command
#   libexec/swarmgate/swarmgate_reference_server    the bundled reference server
#   include/swarmgate/ (engine), include/swarmgate/fixtures/ (fixture, targets)
#   lib/libswarmgate_{support,targets,fixtures}.a
#   lib/cmake/swarmgate/                            find_package(swarmgate)
#   share/swarmgate/profiles/, share/swarmgate/node_servers/ (without node_modules)
include(CMakePackageConfigHelpers)
set_target_properties(swarmgate_support PROPERTIES EXPORT_NAME engine)
set_target_properties(swarmgate_targets PROPERTIES EXPORT_NAME targets)
set_target_properties(swarmgate_fixtures PROPERTIES EXPORT_NAME fixtures)
install(TARGETS swarmgate_support swarmgate_targets swarmgate_fixtures swarmgate
        EXPORT swarmgateTargets
        ARCHIVE DESTINATION lib
        RUNTIME DESTINATION bin)
install(TARGETS swarmgate_reference_server RUNTIME DESTINATION libexec/swarmgate)
install(DIRECTORY support/include/swarmgate DESTINATION include)
install(FILES fixtures/data_paths.h fixtures/scenario_test.h fixtures/server_process.h
              fixtures/target.h fixtures/test_certificates.h
        DESTINATION include/swarmgate/fixtures)
install(DIRECTORY fixtures/profiles/ DESTINATION share/swarmgate/profiles)
install(DIRECTORY fixtures/node_servers/ DESTINATION share/swarmgate/node_servers
        PATTERN node_modules EXCLUDE)
install(FILES cmake/installed_tree.cpp DESTINATION share/swarmgate/cmake)
install(EXPORT swarmgateTargets NAMESPACE swarmgate:: DESTINATION lib/cmake/swarmgate)
configure_package_config_file(cmake/swarmgateConfig.cmake.in
  ${PROJECT_BINARY_DIR}/swarmgateConfig.cmake INSTALL_DESTINATION lib/cmake/swarmgate)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/swarmgateConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/swarmgateConfig.cmake
              ${PROJECT_BINARY_DIR}/swarmgateConfigVersion.cmake
              cmake/swarmgate_add_scenario.cmake cmake/swarmgate_add_plan.cmake
        DESTINATION lib/cmake/swarmgate)

# cpack -G DEB in the build folder: swarmgate_<version>_<arch>.deb, installed under /usr. Its
# dependencies are what a project building against it needs.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME swarmgate)
set(CPACK_PACKAGE_VENDOR swarmgate)
set(CPACK_PACKAGE_CONTACT "swarmgate maintainers <swarmgate@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Load tests for real-time chat servers, run by CTest, that gate a build on what they measure")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_COMPRESSION_TYPE gzip)  # xz takes minutes over the static libraries
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libssl-dev, libsqlite3-dev, libgtest-dev, cmake (>= 3.22), g++")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "nodejs, npm")
include(CPack)
