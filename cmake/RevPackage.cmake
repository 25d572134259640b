# What ships: the man page and the shell completions (written by the built rev from its own
# command table), the install rules for them, the strip of every installed ELF file with its
# debug info split off (cmake/RevStripInstalled.cmake), and the Debian package CPack makes
# of all of it (scripts/package.sh). Included last by CMakeLists.txt: its strip step must
# run after every other install rule, whichever folder declares it.

# --- rev.1, rev.1.gz and the completions, built beside build/rev -------------------------
set(REV_COMPLETIONS ${PROJECT_BINARY_DIR}/completions)
set(REV_GENERATED_DOCS ${PROJECT_BINARY_DIR}/rev.1 ${PROJECT_BINARY_DIR}/rev.1.gz)
add_custom_command(
  OUTPUT ${REV_GENERATED_DOCS}
  COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:rev> -DARGS=man
          -DOUTPUT=${PROJECT_BINARY_DIR}/rev.1 -DGZIP=${PROJECT_BINARY_DIR}/rev.1.gz
          -P ${PROJECT_SOURCE_DIR}/cmake/RevRunToFile.cmake
  DEPENDS rev ${PROJECT_SOURCE_DIR}/cmake/RevRunToFile.cmake
  COMMENT "Writing rev.1 from rev's command table" VERBATIM)
# Each shell's file under the name its loader looks for.
set(REV_COMPLETION_FILES "")
foreach(shell_file IN ITEMS "bash|rev" "zsh|_rev" "fish|rev.fish")
  string(REPLACE "|" ";" shell_file "${shell_file}")
  list(GET shell_file 0 shell)
  list(GET shell_file 1 file)
  add_custom_command(
    OUTPUT ${REV_COMPLETIONS}/${shell}/${file}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${REV_COMPLETIONS}/${shell}
    COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:rev> "-DARGS=completion ${shell}"
            -DOUTPUT=${REV_COMPLETIONS}/${shell}/${file}
            -P ${PROJECT_SOURCE_DIR}/cmake/RevRunToFile.cmake
    DEPENDS rev ${PROJECT_SOURCE_DIR}/cmake/RevRunToFile.cmake
    COMMENT "Writing the ${shell} completion" VERBATIM)
  list(APPEND REV_COMPLETION_FILES ${REV_COMPLETIONS}/${shell}/${file})
endforeach()
add_custom_target(rev_docs ALL DEPENDS ${REV_GENERATED_DOCS} ${REV_COMPLETION_FILES})

# --- install: bin/rev and lib/rev/rev-postgres.so are CMakeLists.txt's ---------------------
install(FILES ${PROJECT_BINARY_DIR}/rev.1.gz DESTINATION share/man/man1)
install(FILES ${REV_COMPLETIONS}/bash/rev DESTINATION share/bash-completion/completions)
install(FILES ${REV_COMPLETIONS}/zsh/_rev DESTINATION share/zsh/vendor-completions)
install(FILES ${REV_COMPLETIONS}/fish/rev.fish DESTINATION share/fish/vendor_completions.d)

# Last: strip what was installed.
find_program(REV_OBJCOPY NAMES objcopy ${CMAKE_OBJCOPY})
find_program(REV_READELF NAMES readelf ${CMAKE_READELF})
install(CODE "set(REV_OBJCOPY \"${REV_OBJCOPY}\")\nset(REV_READELF \"${REV_READELF}\")")
install(SCRIPT ${PROJECT_SOURCE_DIR}/cmake/RevStripInstalled.cmake)

# --- the Debian package -------------------------------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME rev)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "rev")
set(CPACK_PACKAGE_CONTACT "rev maintainers <rev@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "database migrations as a graph of plain SQL revisions")
set(CPACK_PACKAGE_DESCRIPTION
    "rev runs database migrations written as plain SQL files whose headers form a graph, in\n"
    "the style of Alembic, against SQLite and PostgreSQL. This package replaces util-linux's\n"
    "/usr/bin/rev (the line reverser), which stays available as rev.util-linux.")
string(REPLACE ";" "" CPACK_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# One package with every install() rule, whichever component it names.
set(CPACK_MONOLITHIC_INSTALL ON)
set(CPACK_STRIP_FILES OFF)  # RevStripInstalled.cmake did it, keeping the debug info
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # rev_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION database)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # Depends: from dpkg-shlibdeps
# The Python module is built for one Python 3 (its ABI); the rest of rev needs no Python.
find_package(Python3 COMPONENTS Interpreter)
math(EXPR REV_PYTHON_NEXT_MINOR "${Python3_VERSION_MINOR} + 1")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS
    "python3 (>= 3.${Python3_VERSION_MINOR}), python3 (<< 3.${REV_PYTHON_NEXT_MINOR})")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/scripts/debian/preinst ${PROJECT_SOURCE_DIR}/scripts/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
