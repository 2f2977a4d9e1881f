# govsync_add_plugin(<name> SOURCES <files...> [MIGRATIONS <dir>]
#                    [OUTPUT_DIRECTORY <dir>] [NO_INSTALL])
#
# Builds a govsync plugin: a MODULE library linked against the SDK only, with
# hidden visibility (only the GOVSYNC_PLUGIN exports are public) and
# -Wl,--no-undefined so a missing symbol fails the build, not the host.
# Installs it into ${GOVSYNC_PLUGIN_INSTALL_DIR} (unless NO_INSTALL), and the
# plugin's own migrations folder, if given, as
# ${GOVSYNC_PLUGIN_MIGRATIONS_INSTALL_DIR}/<name>/: <name> must be the name
# the plugin's info() reports.
#
# Used by govsync's own build and, installed by govsync-sdk-dev, by
# find_package(GovsyncSDK): both link the target GovsyncSDK::sdk.
function(govsync_add_plugin name)
  cmake_parse_arguments(ARG "NO_INSTALL" "OUTPUT_DIRECTORY;MIGRATIONS" "SOURCES" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "govsync_add_plugin(${name}): SOURCES is required")
  endif()
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "govsync_add_plugin(${name}): unknown arguments ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  add_library(${name} MODULE ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE GovsyncSDK::sdk)
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  target_link_options(${name} PRIVATE "LINKER:--no-undefined")
  if(ARG_OUTPUT_DIRECTORY)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${ARG_OUTPUT_DIRECTORY}")
  endif()
  if(ARG_NO_INSTALL)
    return()
  endif()
  if(NOT DEFINED GOVSYNC_PLUGIN_INSTALL_DIR OR NOT DEFINED GOVSYNC_PLUGIN_MIGRATIONS_INSTALL_DIR)
    message(FATAL_ERROR "govsync_add_plugin(${name}): GOVSYNC_PLUGIN_INSTALL_DIR and "
                        "GOVSYNC_PLUGIN_MIGRATIONS_INSTALL_DIR are not set; use find_package(GovsyncSDK)")
  endif()
  install(TARGETS ${name} LIBRARY DESTINATION "${GOVSYNC_PLUGIN_INSTALL_DIR}")
  if(ARG_MIGRATIONS)
    cmake_path(ABSOLUTE_PATH ARG_MIGRATIONS BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}")
    if(NOT IS_DIRECTORY "${ARG_MIGRATIONS}")
      message(FATAL_ERROR "govsync_add_plugin(${name}): MIGRATIONS ${ARG_MIGRATIONS} is not a folder")
    endif()
    install(DIRECTORY "${ARG_MIGRATIONS}/" DESTINATION "${GOVSYNC_PLUGIN_MIGRATIONS_INSTALL_DIR}/${name}"
            FILES_MATCHING PATTERN "*.sql")
  endif()
endfunction()
