# Installed package: find_package(strata) gives strata::<layer> targets.
include(CMakePackageConfigHelpers)
set(_strata_exported ${STRATA_LAYERS})
if(TARGET strata_testing_gtest)  # the GoogleTest fixture, header-only (docs/testing.md)
  list(APPEND _strata_exported strata_testing_gtest)
endif()
install(TARGETS ${_strata_exported} EXPORT strataTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY include/strata DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_BINARY_DIR}/include/strata DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} OPTIONAL)
install(EXPORT strataTargets NAMESPACE strata:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/strata)
configure_package_config_file(cmake/strataConfig.cmake.in
  ${PROJECT_BINARY_DIR}/strataConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/strata)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/strataConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/strataConfig.cmake ${PROJECT_BINARY_DIR}/strataConfigVersion.cmake
  cmake/strata_generate.cmake DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/strata)
if(TARGET strata)
  install(TARGETS strata RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
