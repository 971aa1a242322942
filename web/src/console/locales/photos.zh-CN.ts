/** 照片：上传、证据、时间线上的缩略图 (loaded with the requests pages, merged into `console`). */
export const photosZhCN = {
  photos: {
    label: '照片',
    evidence: '办理照片（证据）',
    add: '上传照片',
    hint: '最多 9 张；手机照片会先压缩再上传，照片中的位置信息会被去掉',
    uploading: '照片上传中，请稍候…',
    failed: '上传失败',
    retry: '重试',
    remove: '移除',
    tooMany: '最多 9 张照片',
    preview: '查看第 {{n}} 张照片',
    count: '{{n}} 张照片',
  },
};
