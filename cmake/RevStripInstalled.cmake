# Part of the install (cmake --install, and CPack's staging for the Debian package), run
# after every other install rule: each ELF file installed so far (rev, its PostgreSQL
# module, any shared library or Python module) is stripped, its debug info split off into
# <prefix>/lib/debug/.build-id/xx/yyyy.debug, where gdb looks for it by build id (Debian's
# layout; /usr/lib/debug with the package's /usr prefix), and linked back by
# .gnu_debuglink. The build tree keeps its unstripped files.
#
# Set before it by install(CODE) in cmake/RevPackage.cmake: REV_OBJCOPY, REV_READELF.
set(destdir "$ENV{DESTDIR}")
set(debug_root "${destdir}${CMAKE_INSTALL_PREFIX}/lib/debug")
set(installed ${CMAKE_INSTALL_MANIFEST_FILES})  # without DESTDIR
list(REMOVE_DUPLICATES installed)
foreach(path IN LISTS installed)
  set(file "${destdir}${path}")
  if(IS_SYMLINK "${file}" OR NOT EXISTS "${file}" OR path MATCHES "/lib/debug/")
    continue()
  endif()
  file(READ "${file}" magic LIMIT 4 HEX)
  if(NOT magic STREQUAL "7f454c46")  # "\x7fELF"
    continue()
  endif()
  execute_process(COMMAND ${REV_READELF} -n "${file}" OUTPUT_VARIABLE notes
                  RESULT_VARIABLE status)
  if(NOT status EQUAL 0 OR NOT notes MATCHES "Build ID: ([0-9a-f][0-9a-f])([0-9a-f]+)")
    message(FATAL_ERROR "${file} has no build id (link with -Wl,--build-id)")
  endif()
  set(debug_name ".build-id/${CMAKE_MATCH_1}/${CMAKE_MATCH_2}.debug")
  set(debug_file "${debug_root}/${debug_name}")
  get_filename_component(debug_folder "${debug_file}" DIRECTORY)
  file(MAKE_DIRECTORY "${debug_folder}")
  message(STATUS "Stripping: ${file} (debug info: ${debug_file})")
  execute_process(COMMAND ${REV_OBJCOPY} --only-keep-debug --compress-debug-sections
                          "${file}" "${debug_file}"
                  RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "objcopy --only-keep-debug ${file} failed")
  endif()
  execute_process(COMMAND chmod 0644 "${debug_file}")  # objcopy copies the x bits
  # As Debian's dh_strip: no debug info, no symbols a loader does not need, no .comment.
  execute_process(COMMAND ${REV_OBJCOPY} --strip-debug --strip-unneeded
                          --remove-section=.comment --remove-section=.note
                          "--add-gnu-debuglink=${debug_file}" "${file}"
                  RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "objcopy --strip-debug ${file} failed")
  endif()
  list(APPEND CMAKE_INSTALL_MANIFEST_FILES "${CMAKE_INSTALL_PREFIX}/lib/debug/${debug_name}")
endforeach()
