# clang-tidy units: one translation unit per target, the target's sources concatenated.
#
#   cmake -DCOMPILE_DB=<compile_commands.json> -DSOURCE_DIR=<repo> -DOUT_DIR=<dir>
#         [-DDIRS="src;tools"] -P cmake/tidy/units.cmake
#
# clang-tidy spends most of its time in the headers a file includes (fmt, nlohmann/json,
# CLI11, the standard library): every matcher walks the whole AST. Checking each target's
# sources as one unit walks those headers once per target instead of once per file (about 8x
# less work here). The sources are concatenated, not #included, so every function still lies
# in the main file: the static analyzer runs its path-sensitive checks only on main-file code.
# A `#line 1 "<source>"` before each source keeps __FILE__ and NOLINT right; clang-tidy prints
# physical positions in the unit, which map_locations.awk turns back into source:line using the
# <target>.map written here ("unit <unit>", then "<first line of the source in the unit> <source>"
# per source).
# The sources of a target already compile as one unit (the unity build), so no names collide.
cmake_minimum_required(VERSION 3.25)

foreach(var COMPILE_DB SOURCE_DIR OUT_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "tidy units: -D${var}=... is required")
  endif()
endforeach()
if(NOT DEFINED DIRS)
  set(DIRS "src;tools")
endif()
if(NOT EXISTS "${COMPILE_DB}")
  message(FATAL_ERROR "tidy units: ${COMPILE_DB} does not exist (configure the build first)")
endif()

# A JSON string literal of value.
function(json_string out value)
  string(REPLACE "\\" "\\\\" value "${value}")
  string(REPLACE "\"" "\\\"" value "${value}")
  set(${out} "\"${value}\"" PARENT_SCOPE)
endfunction()

file(READ "${COMPILE_DB}" db)
string(JSON count LENGTH "${db}")
set(targets "")
math(EXPR last "${count} - 1")
foreach(i RANGE ${last})
  string(JSON file GET "${db}" ${i} file)
  string(JSON command GET "${db}" ${i} command)
  string(JSON directory GET "${db}" ${i} directory)
  file(RELATIVE_PATH rel "${SOURCE_DIR}" "${file}")
  set(wanted FALSE)
  foreach(dir IN LISTS DIRS)
    if(rel MATCHES "^${dir}/.*\\.cpp$")
      set(wanted TRUE)
    endif()
  endforeach()
  if(NOT wanted)
    continue()
  endif()
  # The target is named by the object path: <dir>/CMakeFiles/<target>.dir/<source>.o
  if(NOT command MATCHES " -o [^ ]*CMakeFiles/([^/ ]+)\\.dir/")
    message(FATAL_ERROR "tidy units: cannot tell the target of ${file} from: ${command}")
  endif()
  set(target "${CMAKE_MATCH_1}")
  string(REGEX REPLACE " -o [^ ]+" "" flags "${command}")
  string(REGEX REPLACE " -c [^ ]+" "" flags "${flags}")
  if(NOT target IN_LIST targets)
    list(APPEND targets "${target}")
    set(flags_${target} "${flags}")
    set(dir_${target} "${directory}")
    set(files_${target} "")
    set(quote_${target} "")
  elseif(NOT flags STREQUAL flags_${target})
    message(FATAL_ERROR "tidy units: ${file} is compiled with other flags than the rest of "
                        "${target}; cannot check them as one unit")
  endif()
  list(APPEND files_${target} "${file}")
  # `#include "x.hpp"` next to the source: the unit lives elsewhere, so name the directory.
  get_filename_component(source_dir "${file}" DIRECTORY)
  if(NOT " -iquote ${source_dir}" IN_LIST quote_${target})
    list(APPEND quote_${target} " -iquote ${source_dir}")
  endif()
endforeach()
if(NOT targets)
  message(FATAL_ERROR "tidy units: no sources under ${DIRS} in ${COMPILE_DB}")
endif()

file(REMOVE_RECURSE "${OUT_DIR}")
file(MAKE_DIRECTORY "${OUT_DIR}")
set(entries "")
foreach(target IN LISTS targets)
  list(SORT files_${target})
  set(unit "${OUT_DIR}/${target}.cpp")
  set(text "")
  set(map "unit ${unit}\n")
  set(line 1)
  foreach(file IN LISTS files_${target})
    file(READ "${file}" source)
    if(NOT source MATCHES "\n$")
      string(APPEND source "\n")
    endif()
    string(APPEND text "#line 1 \"${file}\"\n${source}")
    math(EXPR first "${line} + 1")
    string(APPEND map "${first} ${file}\n")
    # Lines of the source: count the newlines.
    string(REGEX REPLACE "[^\n]" "" newlines "${source}")
    string(LENGTH "${newlines}" n)
    math(EXPR line "${line} + 1 + ${n}")
  endforeach()
  file(WRITE "${unit}" "${text}")
  file(WRITE "${OUT_DIR}/${target}.map" "${map}")
  json_string(directory "${dir_${target}}")
  json_string(unit_json "${unit}")
  list(JOIN quote_${target} "" quote)
  json_string(command "${flags_${target}}${quote} -c ${unit}")
  string(JSON entry SET "{}" directory "${directory}")
  string(JSON entry SET "${entry}" file "${unit_json}")
  string(JSON entry SET "${entry}" command "${command}")
  list(LENGTH files_${target} n)
  message(STATUS "tidy unit ${target}: ${n} sources")
  list(APPEND entries "${entry}")
endforeach()
list(JOIN entries ",\n" body)
file(WRITE "${OUT_DIR}/compile_commands.json" "[\n${body}\n]\n")
