package corpus_test

import "github.com/flowmock/flowmock/gen/cloudflow"

const (
	ok     = cloudflow.ExecutionStatusSucceeded
	failed = cloudflow.ExecutionStatusFailed
)

// entries are the corpus: testdata/README.md names the source of each file.
var entries = []entry{
	{file: "new/hello-world.yaml", want: ok},
	{file: "new/choice.yaml", input: `{"status":"ready"}`, want: ok},
	{file: "new/parallel.yaml", want: ok},
	{file: "new/wait.yaml", want: ok},
	{file: "new/wait-dynamic.yaml", input: `{"timeout":12}`, want: ok},
	{file: "new/fail.yaml", input: `{"status":"false"}`, want: failed},
	{file: "new/succeed.yaml", want: ok},

	{file: "old/doc-parallel-steps.yaml", want: ok},
	{file: "old/doc-foreach-steps.yaml", input: `{"names":["a","b"]}`, want: ok},
	{file: "old/doc-wait-duration-path.yaml", input: `{"wait":20}`, want: ok},
	{file: "old/doc-wait-timestamp.yaml", want: ok},

	{file: "old/async-http-jobs.yaml", want: ok},
	{file: "old/detect-mask.yaml", input: `{"imageHttpUrl":"http://x/a.jpg","imageOssUrl":"oss://b/a.jpg","ossBucketName":"b","ossRegion":"cn-shanghai","outputOssFolderKey":"out/"}`, mocked: true, want: ok},
	{file: "old/etl-data-processing.yaml", mocked: true, want: ok},
	{file: "old/fnf-time-trigger.yaml", want: ok},
	{file: "old/fork-flows-main.yaml", input: `{"keys":["a","b"],"subflowName":"fork-flows-subflow"}`, mocked: true, want: ok},
	{file: "old/fork-flows-subflow.yaml", want: ok},
	{file: "old/http-task.yaml", want: ok},
	{file: "old/id-card-identification.yaml", input: `{"imageURL":"http://x/id.jpg"}`, mocked: true, want: ok},
	{file: "old/machine-learning-pipeline.yaml", input: `{"k8sClusterID":"c1","demoVersion":"v1"}`, mocked: true, want: ok},
	{file: "old/order-management.yaml", mocked: true, want: ok},
	{file: "old/oss-batch-copy.yaml", input: `{"region":"cn-hangzhou","bucket":"b"}`, mocked: true, want: ok},
	{file: "old/oss-batch-process.yaml", input: `{"bucket":"b","prefix":"p/"}`, mocked: true, want: ok},
	{file: "old/oss-copy-compare.yaml", want: ok},
	{file: "old/oss-copy-multiple-files.yaml", input: `{"src_bucket":"a","dest_bucket":"b","prefix":"","marker":"","delimiter":""}`, mocked: true, want: ok},
	{file: "old/oss-copy-single-file.yaml", input: `{"src_bucket":"a","dest_bucket":"b","key":"c","total_size":1024}`, want: ok},
	{file: "old/oss-restore-main.yaml", input: `{"bucketName":"archive","pollInterval":5}`, mocked: true, want: ok},
	{file: "old/oss-restore-subflow.yaml", input: `{"files":["f1"],"pollInterval":5}`, mocked: true, want: ok},
	{file: "old/oss-unzip-multiple-files.yaml", input: `{"src_bucket":"b","marker":""}`, mocked: true, want: ok},
	{file: "old/oss-unzip-single-file.yaml", want: ok},
	{file: "old/parallel-wait-any-main.yaml", mocked: true, want: ok},
	{file: "old/parallel-wait-any-subflow.yaml", want: ok},
	{file: "old/post-execution-actions-child.yaml", want: ok},
	{file: "old/post-execution-actions-main.yaml", want: ok},
	{file: "old/provision-autoscale.yaml", want: ok},
	{file: "old/second-level-timer.yaml", mocked: true, want: ok},
	{file: "old/subflow-best-practice-audit.yaml", want: ok},
	{file: "old/subflow-best-practice-main.yaml", want: ok},
	{file: "old/task-mns-topics.yaml", input: `{"messageBody":"hello"}`, mocked: true, want: ok},
	{file: "old/trigger-mns.yaml", want: ok},
	{file: "old/trigger-oss.yaml", want: ok},
	{file: "old/trip-booking.yaml", want: ok},
	{file: "old/wait-for-callback-task.yaml", input: `{"serviceName":"s","functionName":"f"}`, mocked: true, want: ok},
}
