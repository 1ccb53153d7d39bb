package mock

import (
	"context"

	"github.com/flowmock/flowmock/gen/cloudflow"
)

// regions are the regions fnf is served in (api-surface.md §1.7, META endpoints), with their
// names in English and Chinese.
var regions = []struct{ id, en, zh string }{
	{"cn-qingdao", "China (Qingdao)", "华北1（青岛）"},
	{"cn-beijing", "China (Beijing)", "华北2（北京）"},
	{"cn-hangzhou", "China (Hangzhou)", "华东1（杭州）"},
	{"cn-shanghai", "China (Shanghai)", "华东2（上海）"},
	{"cn-shenzhen", "China (Shenzhen)", "华南1（深圳）"},
	{"ap-southeast-1", "Singapore", "新加坡"},
	{"us-west-1", "US (Silicon Valley)", "美国（硅谷）"},
}

// DescribeRegions lists the regions; AcceptLanguage zh-CN names them in Chinese.
func (h handler) DescribeRegions(_ context.Context, req cloudflow.DescribeRegionsRequestObject) (cloudflow.DescribeRegionsResponseObject, error) {
	zh := deref(req.Params.AcceptLanguage) == "zh-CN"
	out := cloudflow.DescribeRegions200JSONResponse{RequestId: h.call.requestID}
	out.Regions.Region = make([]cloudflow.Region, 0, len(regions))
	for _, r := range regions {
		name := r.en
		if zh {
			name = r.zh
		}
		out.Regions.Region = append(out.Regions.Region, cloudflow.Region{RegionId: r.id, RegionEndpoint: r.id + ".fnf.aliyuncs.com", LocalName: &name})
	}
	return out, nil
}
