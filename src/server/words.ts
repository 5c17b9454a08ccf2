/** A text of the page in both the reader's and the staff's language, each tagged with its language. */
export interface TwoTexts {
  primary: string;
  secondary: string;
  primaryLang: string;
  secondaryLang: string;
  /** Both languages say the same (a brand, a paper name): shown once. */
  once: boolean;
}

export function twoTexts(primary: string, secondary: string, { primaryLang = 'zh-Hans', secondaryLang = 'en' } = {}): TwoTexts {
  return { primary, secondary, primaryLang, secondaryLang, once: primary === secondary || secondary === '' };
}

/** The page's own words, Chinese first; the guide's texts come from the guide. */
export const WORDS = {
  home: twoTexts('首页', 'Home'),
  fillHeading: twoTexts('填写申请表', 'Fill in the form'),
  fillOne: twoTexts('填写到营业厅用的注销申请表', 'Fill in the store-visit form'),
  fillMany: twoTexts('为多人批量填写（上传表格文件）', 'Fill in many at once (upload a spreadsheet)'),
  printHeading: twoTexts('下载打印', 'Download and print'),
  printHelp: twoTexts('每份文件都有三种纸张尺寸和两种排版：上下对照或左右对照。', 'Each document comes in three paper sizes and two layouts: stacked, or side by side.'),
  stacked: twoTexts('上下对照', 'stacked'),
  parallel: twoTexts('左右对照', 'side by side'),
  handout: twoTexts('完整的指南', 'The whole guide'),
  blankForm: twoTexts('空白的注销申请表（手写）', 'The blank form, to fill in by hand'),
  fillableForm: twoTexts('可在 PDF 阅读器里填写的申请表', 'The form to fill in in a PDF viewer'),
  formHelp: twoTexts('填写后下载 PDF 打印，带到营业厅交给工作人员。不想事先填写的栏目可以空着，到时手写。', 'Fill it in, download the PDF and print it for the store staff. Leave out what you would rather write by hand.'),
  requiredNote: twoTexts('为必填项', 'required'),
  fixThese: twoTexts('请修改以下几项', 'Please correct the following'),
  showIdNumber: twoTexts('完整打印证件号码（默认只显示后四位）', 'Print the ID number in full (only its last four characters by default)'),
  paper: twoTexts('纸张', 'Paper'),
  layout: twoTexts('排版', 'Layout'),
  download: twoTexts('下载 PDF', 'Download the PDF'),
  privacy: twoTexts('您填写的信息只在本机内存中用于生成 PDF，不会保存。', "What you type is used in this computer's memory to make the PDF, and never stored."),
  previewHeading: twoTexts('预览', 'Preview'),
  batchHeading: twoTexts('批量填写', 'Fill in many forms'),
  batchHelp: twoTexts('上传从 Excel 另存的 CSV 文件（CSV UTF-8 最好，中日韩 Windows 的普通 CSV 和 Unicode 文本也可以），第一行为栏目名称，每人一行，一个文件最多 1000 人；得到一个合并的 PDF，或每人一个 PDF 的压缩包。', 'Upload a CSV file saved from Excel (CSV UTF-8 is best; plain CSV from Chinese, Japanese or Korean Windows and Unicode text work too): the first row names the fields, then one person a row, at most 1,000 a file. You get one combined PDF, or a zip of a PDF a person.'),
  csvTemplate: twoTexts('下载空白表格', 'Download an empty spreadsheet'),
  csvFile: twoTexts('CSV 文件', 'CSV file'),
  encoding: twoTexts('文件编码', 'Encoding'),
  detectEncoding: twoTexts('自动识别', 'Tell from the file'),
  output: twoTexts('得到', 'Get'),
  combined: twoTexts('一个合并的 PDF（方便一次打印）', 'one combined PDF (to print at once)'),
  zip: twoTexts('压缩包，每人一个 PDF', 'a zip, one PDF a person'),
  skipInvalid: twoTexts('跳过有错误的行，照样生成其余的', 'Skip rows with mistakes and make the rest'),
  makeForms: twoTexts('生成', 'Make the forms'),
  badRows: twoTexts('以下几行有错误，没有生成任何表格', 'These rows have mistakes; no form was made'),
  skippedRows: twoTexts('跳过的行', 'Rows skipped'),
  downloadResult: twoTexts('下载', 'Download'),
  another: twoTexts('再上传一个文件', 'Upload another file'),
  backHome: twoTexts('返回首页', 'Back to the start'),
  queued: twoTexts('排队中……', 'Waiting for its turn…'),
  running: twoTexts('正在生成……', 'Making the forms…'),
  done: twoTexts('完成', 'Done'),
  empty: twoTexts('完成，但没有一行可以生成表格', 'Done, but no row could make a form'),
  expired: twoTexts('已下载或已过期；如需再次生成，请重新上传文件', 'Already downloaded, or expired; upload the file again to make the forms again'),
  notFound: twoTexts('找不到这个页面', 'There is no such page'),
  problem: twoTexts('出了问题', 'Something is wrong'),
  previewPaused: twoTexts('标红的栏目改正后才会显示在预览中。', 'Fields marked in red show in the preview once corrected.'),
  previewDrawing: twoTexts('正在生成预览……', 'Drawing the preview…'),
  previewAlt: twoTexts('表格第一页的预览', "Preview of the form's first page"),
} as const;
