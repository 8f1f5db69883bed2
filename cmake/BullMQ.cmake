# BullMQ's own Lua scripts (the BullMQ-compatible queue backend runs them, as BullMQ's Python,
# Elixir and PHP ports do) come from the npm tarball of the pinned version at configure time,
# checked against the recorded SHA-256, and are embedded in the binary (cmake/Embed.cmake) as
# bullmq/commands/*.lua and bullmq/commands/includes/*.lua. core/queue/bullmq/bullmq_scripts.cpp
# resolves their @include lines.
set(CREST_BULLMQ_VERSION "6.7.0")
set(CREST_BULLMQ_SHA256 "1b9e166ff4c77ecbb75c15f0e2afc3bdce7aaf3789f4701b45ed0483dcbadb04")
set(CREST_BULLMQ_ROOT "${CMAKE_BINARY_DIR}/_npm/bullmq-${CREST_BULLMQ_VERSION}")
set(CREST_BULLMQ_DIR "${CREST_BULLMQ_ROOT}/package/dist/cjs")
if(NOT EXISTS "${CREST_BULLMQ_DIR}/commands/addStandardJob-9.lua" OR NOT EXISTS "${CREST_BULLMQ_DIR}/scripts/addStandardJob-9.js")
  set(tarball "${CREST_BULLMQ_ROOT}/bullmq-${CREST_BULLMQ_VERSION}.tgz")
  message(STATUS "Fetching bullmq@${CREST_BULLMQ_VERSION} from npm (its Lua scripts)")
  file(DOWNLOAD "https://registry.npmjs.org/bullmq/-/bullmq-${CREST_BULLMQ_VERSION}.tgz" "${tarball}"
       EXPECTED_HASH SHA256=${CREST_BULLMQ_SHA256} TLS_VERIFY ON STATUS status)
  list(GET status 0 code)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "Fetching bullmq@${CREST_BULLMQ_VERSION} failed: ${status}")
  endif()
  # (scripts/*.js: the same scripts as BullMQ's build resolved them, which the unit test compares with)
  file(ARCHIVE_EXTRACT INPUT "${tarball}" DESTINATION "${CREST_BULLMQ_ROOT}"
       PATTERNS "package/dist/cjs/commands" "package/dist/cjs/scripts")
endif()
file(GLOB CREST_BULLMQ_SCRIPTS "${CREST_BULLMQ_DIR}/commands/*.lua" "${CREST_BULLMQ_DIR}/commands/includes/*.lua")
list(SORT CREST_BULLMQ_SCRIPTS)
if(NOT CREST_BULLMQ_SCRIPTS)
  message(FATAL_ERROR "bullmq@${CREST_BULLMQ_VERSION} holds no Lua scripts under dist/cjs/commands")
endif()
