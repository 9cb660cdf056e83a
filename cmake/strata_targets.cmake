# Interface targets for warnings and sanitizers, and the helper that declares one layer.

add_library(strata_warnings INTERFACE)
target_compile_options(strata_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wno-sign-conversion
  $<$<BOOL:${STRATA_WERROR}>:-Werror>
  # In a unity build every source but the first is an "included" file, and GCC warns about any
  # class there that uses a type from an anonymous namespace (a test fixture, a private helper).
  $<$<AND:$<CXX_COMPILER_ID:GNU>,$<BOOL:$<TARGET_PROPERTY:UNITY_BUILD>>>:-Wno-subobject-linkage>)

add_library(strata_sanitizers INTERFACE)
if(STRATA_SANITIZE)
  target_compile_options(strata_sanitizers INTERFACE
    -fsanitize=${STRATA_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(strata_sanitizers INTERFACE -fsanitize=${STRATA_SANITIZE})
endif()

set(STRATA_LAYERS "" CACHE INTERNAL "")

# strata_layer(<name> [DEPS strata_x ...] [PRIVATE_DEPS ...])
# One static library per layer: sources in src/<name>/, public headers in include/strata/<name>/.
function(strata_layer name)
  cmake_parse_arguments(ARG "" "" "DEPS;PRIVATE_DEPS" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/${name}/*.cpp)
  if(NOT sources)  # a layer being written: keep the target graph valid until it has sources
    set(placeholder ${PROJECT_BINARY_DIR}/layer_${name}.cpp)
    file(WRITE ${placeholder} "// Generated: layer ${name} has no sources yet.\n")
    set(sources ${placeholder})
  endif()
  add_library(strata_${name} STATIC ${sources})
  add_library(strata::${name} ALIAS strata_${name})
  set_target_properties(strata_${name} PROPERTIES EXPORT_NAME ${name} POSITION_INDEPENDENT_CODE ON)
  target_include_directories(strata_${name}
    PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
           $<BUILD_INTERFACE:${PROJECT_BINARY_DIR}/include>
           $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>
    PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_compile_features(strata_${name} PUBLIC cxx_std_23)
  target_link_libraries(strata_${name}
    PUBLIC ${ARG_DEPS}
    PRIVATE ${ARG_PRIVATE_DEPS} $<BUILD_INTERFACE:strata_warnings> $<BUILD_INTERFACE:strata_sanitizers>)
  set(STRATA_LAYERS ${STRATA_LAYERS} strata_${name} CACHE INTERNAL "")
endfunction()
