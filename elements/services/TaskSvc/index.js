// services.TaskSvc. Its class is the task wing's (src/tasks/taskSvcClass.ts, through the front door
// src/tasks/index.ts): it starts the app's task service and binds the declared functions to it,
// typed there, so a Type that wraps callFunction wraps these functions too. Plain JavaScript, so
// that running jittask never needs the TypeScript compiler.
module.exports = require('jittask').taskSvcClass;
