package sentiment

// DataDir lends the external tests (package sentiment_test, which may
// import the training recipe that imports this package) the shared data.
var DataDir = dataDir
